import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { CreateFormulaInput, CreateLocationInput, FreeLocationsInput, UpdateFormulaInput, UpdateLocationInput } from './catalog.inputs';
import * as catalog from './catalog.service';
import { Formula } from './formula.entity';
import { Location } from './location.entity';

@Resolver()
export class CatalogResolver {
  @Query(() => [Location], {
    description: `Active rooms with at least input.seats seats free during the whole range (at most ${catalog.FREE_LOCATIONS_MAX_HOURS} hours), in id order: each room's capacity minus its peak occupation by live bookings and individual sessions (1 seat each) and group sessions (the group's places). Signed-in users only (UNAUTHENTICATED otherwise).`,
  })
  freeLocations(@Arg('input', () => FreeLocationsInput) input: FreeLocationsInput, @Ctx() context: RequestContext) {
    return catalog.freeLocations(context, input);
  }

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

  @Mutation(() => Location, {
    description:
      'Changes or closes a room (admin with can_manage_content). A capacity below the seats already taken at some instant from now on is CONFLICT, naming the seats and the instant.',
  })
  updateLocation(@Arg('input', () => UpdateLocationInput) input: UpdateLocationInput, @Ctx() context: RequestContext) {
    return catalog.updateLocation(context, input);
  }
}
