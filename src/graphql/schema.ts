import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type BuildSchemaOptions, type NonEmptyArray } from 'type-graphql';
import { AccountResolver } from '../modules/accounts/account.resolver';
import { CatalogResolver } from '../modules/catalog/catalog.resolver';
import { FamilyResolver } from '../modules/families/family.resolver';
import { ProfileResolver } from '../modules/profiles/profile.resolver';
import { FollowUpResolver } from '../modules/follow-up/follow-up.resolver';
import { EnrollmentResolver } from '../modules/groups/enrollment.resolver';
import { GroupSessionResolver } from '../modules/groups/group-session.resolver';
import { GroupResolver } from '../modules/groups/group.resolver';
import { BookingResolver } from '../modules/scheduling/booking.resolver';
import { BookingSubscriptionResolver } from '../modules/scheduling/booking-subscription.resolver';
import { MessageSubscriptionResolver } from '../modules/follow-up/message-subscription.resolver';
import { LessonResolver } from '../modules/scheduling/lesson.resolver';
import { MODELS } from './models';
import { computeArgumentsOncePerExecution } from './argument-values';
import { normalizeArgumentsToNfc } from './normalize-text';
import { resolvePlainFieldsDirectly } from './plain-field-resolvers';
import { buildReadResolvers, resolveRelationshipsDirectly } from './read/read-resolvers';
import { buildAggregateResolvers } from './aggregates/aggregate-resolvers';
import { buildNodeResolvers } from './node/node-resolvers';
import { DateTimeScalar } from './scalars';
import { subscriptionPubSub } from './subscriptions/event-bus';

const READ_RESOLVERS = [...buildReadResolvers(MODELS), ...buildAggregateResolvers(MODELS)];
const NODE_RESOLVERS = buildNodeResolvers(MODELS);
/** Middlewares type-graphql runs on every field: none (a field that needs one declares it with @UseMiddleware). */
const GLOBAL_MIDDLEWARES: NonNullable<BuildSchemaOptions['globalMiddlewares']> = [];

let schema: Promise<GraphQLSchema> | null = null;

/** The API's schema, built once per process from the entities and resolvers. */
export function buildApiSchema(): Promise<GraphQLSchema> {
  computeArgumentsOncePerExecution();
  schema ??= buildSchema({
    resolvers: [AccountResolver, CatalogResolver, FamilyResolver, ProfileResolver, BookingResolver, LessonResolver, EnrollmentResolver, GroupResolver, GroupSessionResolver, FollowUpResolver, BookingSubscriptionResolver, MessageSubscriptionResolver, ...READ_RESOLVERS, ...NODE_RESOLVERS] as NonEmptyArray<Function>,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // @Subscription topics: events PostgreSQL delivered after their transaction committed (src/graphql/subscriptions).
    pubSub: subscriptionPubSub,
    // Inputs are validated with class-validator where they declare rules; generated inputs have none.
    validate: { forbidUnknownValues: false },
    globalMiddlewares: GLOBAL_MIDDLEWARES,
  })
    // First: the passes after it wrap or replace some fields' resolvers again.
    .then((built) => {
      resolvePlainFieldsDirectly(built, GLOBAL_MIDDLEWARES);
      return built;
    })
    .then(normalizeArgumentsToNfc)
    .then((built) => resolveRelationshipsDirectly(built, MODELS));
  return schema;
}

/** schema.graphql as committed: sorted, so that diffs show real changes only. */
export async function printApiSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildApiSchema()))}\n`;
}
