import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars';
import { User } from './user.entity';

@ObjectType({ description: 'A new session: send `Authorization: Bearer <sessionToken>`; renew it with refreshSession before expiresAt.' })
export class AuthPayload {
  @Field(() => String, { description: 'Bearer token of the session (shown once; only its hash is stored).' })
  sessionToken!: string;

  @Field(() => String, { description: 'Single-use token that renews the session (shown once).' })
  refreshToken!: string;

  @Field(() => DateTimeScalar, { description: 'When sessionToken stops being accepted.' })
  expiresAt!: Date;

  @Field(() => User, { description: 'The signed-in user.' })
  user!: User;
}
