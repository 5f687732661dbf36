import { registerEnumType } from 'type-graphql';

export enum ContactMethod {
  EMAIL = 'email',
  PHONE = 'phone',
  SMS = 'sms',
  WHATSAPP = 'whatsapp',
}

export enum ReportFrequency {
  WEEKLY = 'weekly',
  BIWEEKLY = 'biweekly',
  MONTHLY = 'monthly',
}

registerEnumType(ContactMethod, { name: 'ContactMethod', description: 'How a parent prefers to be contacted by the teaching team.' });
registerEnumType(ReportFrequency, { name: 'ReportFrequency', description: "How often a parent receives a progress report on their child." });
