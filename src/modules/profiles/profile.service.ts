import { rowsOf } from '../../db/query-result';
import type { RequestContext } from '../../graphql/context';
import { ForbiddenError, NotFoundError } from '../../graphql/errors/domain-error';
import type { Row } from '../../graphql/loaders/request-loaders';
import { modelOf } from '../../graphql/models';
import { updateRow } from '../../graphql/mutations/row-writer';
import { readChanged, runMutation } from '../../graphql/mutations/run-mutation';
import { UserRole } from '../accounts/account.enums';
import { ParentProfile } from './parent-profile.entity';
import type { UpdateParentProfileInput, UpdateStudentProfileInput, UpdateTeacherProfileInput } from './profile.inputs';
import { StudentProfile } from './student-profile.entity';
import { TeacherProfile } from './teacher-profile.entity';

// Each role edits its own profile: the profile is found from the viewer, never from an id the
// client sends, so nobody can edit another's.

async function updateOwnProfile(context: RequestContext, role: UserRole, entity: Function, patch: Record<string, unknown>): Promise<Row> {
  const model = modelOf(entity);
  const id = await runMutation(context, [model], async (manager, viewer) => {
    if (viewer.role !== role) throw new ForbiddenError(`Only a ${role} has a ${model.typeName}`);
    const [profile] = rowsOf<{ id: number }>(await manager.query(`SELECT id FROM ${model.table} WHERE user_id = $1`, [viewer.userId]));
    if (!profile) throw new NotFoundError(model.typeName, `of user ${viewer.userId}`);
    await updateRow(manager, model, profile.id, patch);
    return profile.id;
  });
  return readChanged(context, model, id);
}

export function updateTeacherProfile(context: RequestContext, input: UpdateTeacherProfileInput): Promise<Row> {
  return updateOwnProfile(context, UserRole.TEACHER, TeacherProfile, { ...input });
}

export function updateParentProfile(context: RequestContext, input: UpdateParentProfileInput): Promise<Row> {
  return updateOwnProfile(context, UserRole.PARENT, ParentProfile, { ...input });
}

export function updateStudentProfile(context: RequestContext, input: UpdateStudentProfileInput): Promise<Row> {
  return updateOwnProfile(context, UserRole.STUDENT, StudentProfile, { ...input });
}
