import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { ConfirmParentLinkInput, ParentLinkInput, RequestParentLinkInput } from './family.inputs';
import * as families from './family.service';
import { ParentChildRelation } from './parent-child-relation.entity';

@Resolver()
export class FamilyResolver {
  @Mutation(() => Boolean, {
    description:
      "A parent asks to follow a student (by the student's e-mail). Answers true whether or not the e-mail is a student's account; the link, if made, is pending until confirmParentLink.",
  })
  requestParentLink(@Arg('input', () => RequestParentLinkInput) input: RequestParentLinkInput, @Ctx() context: RequestContext) {
    return families.requestParentLink(context, input);
  }

  @Mutation(() => ParentChildRelation, {
    description:
      'Confirms a pending parent–child link (the child of the link, or an admin with can_manage_users): from then on the parent sees and does what its flags allow. FORBIDDEN for anyone else, CONFLICT if already confirmed.',
  })
  confirmParentLink(@Arg('input', () => ConfirmParentLinkInput) input: ConfirmParentLinkInput, @Ctx() context: RequestContext) {
    return families.confirmParentLink(context, input);
  }

  @Mutation(() => ParentChildRelation, {
    description:
      'Declines a pending parent–child link (the child of the link, or an admin with can_manage_users): the request is deleted and the link is answered as it was. NOT_FOUND for a link you cannot see, FORBIDDEN for anyone else (the parent withdraws with withdrawParentLink), CONFLICT if it is confirmed.',
  })
  declineParentLink(@Arg('input', () => ParentLinkInput) input: ParentLinkInput, @Ctx() context: RequestContext) {
    return families.declineParentLink(context, input);
  }

  @Mutation(() => ParentChildRelation, {
    description:
      'Withdraws a pending parent–child link (the parent who requested it): the request is deleted and the link is answered as it was. NOT_FOUND for a link you cannot see, FORBIDDEN for anyone else, CONFLICT if it is confirmed.',
  })
  withdrawParentLink(@Arg('input', () => ParentLinkInput) input: ParentLinkInput, @Ctx() context: RequestContext) {
    return families.withdrawParentLink(context, input);
  }
}
