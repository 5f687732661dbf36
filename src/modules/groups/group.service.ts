import type { RequestContext } from '../../graphql/context';
import { adminCan } from '../../graphql/authorization/viewer';
import { ForbiddenError, NotFoundError } from '../../graphql/errors/domain-error';
import { parseId } from '../../graphql/filters/id-argument';
import type { Row } from '../../graphql/loaders/request-loaders';
import { modelOf } from '../../graphql/models';
import { insertRow, updateRow } from '../../graphql/mutations/row-writer';
import { readChanged, runMutation } from '../../graphql/mutations/run-mutation';
import { Group } from './group.entity';
import type { CreateGroupInput, UpdateGroupInput } from './group.inputs';

// Groups are opened and changed by admins with can_manage_content. Places can never drop below
// the students enrolled: the CHECK on current_students <= max_students refuses it.

async function saveGroup(context: RequestContext, id: number | null, values: Record<string, unknown>): Promise<Row> {
  const groups = modelOf(Group);
  const savedId = await runMutation(context, [groups], async (manager, viewer) => {
    if (!adminCan(viewer, 'canManageContent')) throw new ForbiddenError('Managing groups needs an admin with can_manage_content');
    if (id === null) return insertRow(manager, groups, { ...values, currentStudents: 0 });
    if (!(await updateRow(manager, groups, id, values))) throw new NotFoundError('Group', id);
    return id;
  });
  return readChanged(context, groups, savedId);
}

export function createGroup(context: RequestContext, input: CreateGroupInput): Promise<Row> {
  return saveGroup(context, null, {
    ...input,
    teacherId: parseId(input.teacherId, 'input.teacherId'),
    defaultLocationId: input.defaultLocationId ? parseId(input.defaultLocationId, 'input.defaultLocationId') : null,
  });
}

export function updateGroup(context: RequestContext, input: UpdateGroupInput): Promise<Row> {
  const { id, teacherId, ...patch } = input;
  return saveGroup(context, parseId(id, 'input.id'), { ...patch, teacherId: teacherId ? parseId(teacherId, 'input.teacherId') : undefined });
}
