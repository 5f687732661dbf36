import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { CreateFormulaInput, CreateLocationInput, UpdateFormulaInput, UpdateLocationInput } from './catalog.inputs';
import * as catalog from './catalog.service';
import { Formula } from './formula.entity';
import { Location } from './location.entity';

@Resolver()
export class CatalogResolver {
  @Mutation(() => Formula, { description: 'Adds a formula to the catalogue (admin with can_manage_content).' })
  createFormula(@Arg('input', () => CreateFormulaInput) input: CreateFormulaInput, @Ctx() context: RequestContext) {
    return catalog.createFormula(context, input);
  }

  @Mutation(() => Formula, { description: 'Changes a formula (admin with can_manage_content).' })
  updateFormula(@Arg('input', () => UpdateFormulaInput) input: UpdateFormulaInput, @Ctx() context: RequestContext) {
    return catalog.updateFormula(context, input);
  }

  @Mutation(() => Location, { description: 'Adds a room of the centre (admin with can_manage_content).' })
  createLocation(@Arg('input', () => CreateLocationInput) input: CreateLocationInput, @Ctx() context: RequestContext) {
    return catalog.createLocation(context, input);
  }

  @Mutation(() => Location, { description: 'Changes or closes a room (admin with can_manage_content).' })
  updateLocation(@Arg('input', () => UpdateLocationInput) input: UpdateLocationInput, @Ctx() context: RequestContext) {
    return catalog.updateLocation(context, input);
  }
}
