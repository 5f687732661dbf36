import { Ctx, Resolver, Root, Subscription } from 'type-graphql';
import { MESSAGE_RECEIVED, type MessageReceivedPayload } from '../../graphql/subscriptions/api-events';
import { signedInSubscriber, type SubscriptionContext } from '../../graphql/subscriptions/subscription-context';
import * as messages from './parent-message.service';
import { ParentCommunication } from './parent-communication.entity';

@Resolver()
export class MessageSubscriptionResolver {
  @Subscription(() => ParentCommunication, {
    description: 'Messages sent to the signed-in user (sendParentMessage), as they arrive. UNAUTHENTICATED on an anonymous connection.',
    topics: MESSAGE_RECEIVED,
    topicId: ({ context }) => signedInSubscriber(context as SubscriptionContext),
    filter: ({ payload, context }) => messages.acceptsMessageEvent(context as SubscriptionContext, payload as MessageReceivedPayload),
  })
  messageReceived(@Root() event: MessageReceivedPayload, @Ctx() context: SubscriptionContext) {
    return messages.messageOf(context, event);
  }
}
