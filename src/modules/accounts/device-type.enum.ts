import { registerEnumType } from 'type-graphql';

export enum DeviceType {
  DESKTOP = 'desktop',
  MOBILE = 'mobile',
  TABLET = 'tablet',
  UNKNOWN = 'unknown',
}

registerEnumType(DeviceType, { name: 'DeviceType', description: 'Kind of device a session was opened on.' });
