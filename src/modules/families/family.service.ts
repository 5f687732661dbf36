import { rowsOf } from '../../db/query-result';
import { adminCan } from '../../graphql/authorization/viewer';
import type { RequestContext } from '../../graphql/context';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../graphql/errors/domain-error';
import { parseId } from '../../graphql/filters/id-argument';
import type { Row } from '../../graphql/loaders/request-loaders';
import { modelOf } from '../../graphql/models';
import { readChanged, runMutation } from '../../graphql/mutations/run-mutation';
import { UserRole } from '../accounts/account.enums';
import type { Viewer } from '../../graphql/authorization/viewer';
import type { ConfirmParentLinkInput, ParentLinkInput, RequestParentLinkInput } from './family.inputs';
import { ParentChildRelation } from './parent-child-relation.entity';

// Parent–child links. A parent requests a link to a student account; it counts for nothing (no
// record, grades, reports or bookings of the child) until the student, or an admin with
// can_manage_users, confirms it (confirmed_at). Until then the parent sees only the pending row,
// the student (or the admin) may decline it and the parent may withdraw it: both delete it.

/**
 * Always true, whether or not the e-mail is a student's account (no account enumeration, as for
 * password resets: OWASP Authentication Cheat Sheet). A pending link is created only for an active
 * student account not yet linked to this parent, and the student is told by e-mail.
 */
export async function requestParentLink(context: RequestContext, input: RequestParentLinkInput): Promise<boolean> {
  const email = input.childEmail.trim().toLowerCase();
  const created = await runMutation(context, [modelOf(ParentChildRelation)], async (manager, viewer) => {
    if (viewer.role !== UserRole.PARENT) throw new ForbiddenError('Only a parent account requests a link to a student');
    // One request at a time per parent, so that two at once cannot both insert the same link.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('parent_child_relations'), $1)`, [viewer.userId]);
    const [link] = rowsOf<{ id: number }>(
      await manager.query(
        `INSERT INTO parent_child_relations (parent_user_id, child_user_id, relation_type, confirmed_at)
         SELECT $1, u.id, $3, NULL FROM users u
         WHERE u.email = $2 AND u.role = 'student' AND u.status = 'active'
           AND NOT EXISTS (SELECT 1 FROM parent_child_relations r WHERE r.parent_user_id = $1 AND r.child_user_id = u.id)
         RETURNING id`,
        [viewer.userId, email, input.relationType],
      ),
    );
    return Boolean(link);
  });
  if (created) {
    await context.services.mailer.send({
      to: email,
      subject: 'Un parent demande à suivre votre compte — Nexus Réussite',
      text: 'Confirmez ce lien depuis votre espace (confirmParentLink) si vous connaissez cette personne ; sinon, refusez-le (declineParentLink).',
    });
  }
  return true;
}

/** The child of the link (its child_user_id) or an admin with can_manage_users confirms a pending link. */
export async function confirmParentLink(context: RequestContext, input: ConfirmParentLinkInput): Promise<Row> {
  const relationId = parseId(input.relationId, 'input.relationId');
  const relations = modelOf(ParentChildRelation);
  await runMutation(context, [relations], async (manager, viewer) => {
    const [link] = rowsOf<{ childUserId: number; confirmed: boolean }>(
      await manager.query(`SELECT child_user_id AS "childUserId", confirmed_at IS NOT NULL AS confirmed FROM parent_child_relations WHERE id = $1 FOR UPDATE`, [
        relationId,
      ]),
    );
    if (!link) throw new NotFoundError('ParentChildRelation', relationId);
    if (link.childUserId !== viewer.userId && !adminCan(viewer, 'canManageUsers')) {
      throw new ForbiddenError('Only the child of the link, or an admin with can_manage_users, confirms it');
    }
    if (link.confirmed) throw new ConflictError('This link is already confirmed');
    await manager.query(`UPDATE parent_child_relations SET confirmed_at = now() WHERE id = $1`, [relationId]);
  });
  // The parent's rights changed: anything this request read through the viewer is stale.
  context.loaders.clearAll();
  return readChanged(context, relations, relationId);
}

interface PendingLink {
  parentUserId: number;
  childUserId: number;
  confirmed: boolean;
}

/**
 * Deletes a pending link for the one who may (`mayRemove`), and answers the link as it was (read,
 * and so authorized, before it goes). NOT_FOUND for an unknown id or a link the viewer may not
 * see, FORBIDDEN for anyone else, CONFLICT for a confirmed link (a pending request only).
 */
async function removePendingLink(context: RequestContext, input: ParentLinkInput, mayRemove: (link: PendingLink, viewer: Viewer) => boolean, who: string): Promise<Row> {
  const relationId = parseId(input.relationId, 'input.relationId');
  const relations = modelOf(ParentChildRelation);
  if (!(await context.viewer())) throw new UnauthenticatedError();
  const before = await readChanged(context, relations, relationId);
  await runMutation(context, [relations], async (manager, viewer) => {
    const [link] = rowsOf<PendingLink>(
      await manager.query(
        `SELECT parent_user_id AS "parentUserId", child_user_id AS "childUserId", confirmed_at IS NOT NULL AS confirmed FROM parent_child_relations WHERE id = $1 FOR UPDATE`,
        [relationId],
      ),
    );
    if (!link) throw new NotFoundError('ParentChildRelation', relationId);
    if (!mayRemove(link, viewer)) throw new ForbiddenError(`Only ${who} does this`);
    if (link.confirmed) throw new ConflictError('This link is confirmed: only a pending request is declined or withdrawn');
    await manager.query(`DELETE FROM parent_child_relations WHERE id = $1`, [relationId]);
  });
  return before;
}

/** The child of the link (its child_user_id) or an admin with can_manage_users declines a pending link: it is deleted. */
export function declineParentLink(context: RequestContext, input: ParentLinkInput): Promise<Row> {
  return removePendingLink(
    context,
    input,
    (link, viewer) => link.childUserId === viewer.userId || adminCan(viewer, 'canManageUsers'),
    'the child of the link, or an admin with can_manage_users,',
  );
}

/** The parent who requested a pending link withdraws it: it is deleted. */
export function withdrawParentLink(context: RequestContext, input: ParentLinkInput): Promise<Row> {
  return removePendingLink(context, input, (link, viewer) => link.parentUserId === viewer.userId, 'the parent who requested the link');
}
