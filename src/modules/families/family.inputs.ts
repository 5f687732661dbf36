import { IsEmail, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { EmailAddressScalar } from '../../graphql/scalars';
import { RelationType } from './relation-type.enum';

@InputType({ description: "A parent asks to follow a student: the link stays pending until the student (or an admin) confirms it." })
export class RequestParentLinkInput {
  @Field(() => EmailAddressScalar, { description: "The student's sign-in e-mail." })
  @IsEmail()
  @MaxLength(254)
  childEmail!: string;

  @Field(() => RelationType, { description: 'How you are related to the student.' })
  relationType!: RelationType;
}

@InputType({ description: 'A pending parent–child link to confirm, decline or withdraw.' })
export class ParentLinkInput {
  @Field(() => ID, { description: 'The pending ParentChildRelation.' })
  relationId!: string;
}

/** Kept under its published name: the input type of confirmParentLink. */
@InputType({ description: 'Confirm a pending parent–child link.' })
export class ConfirmParentLinkInput extends ParentLinkInput {}
