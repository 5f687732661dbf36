import { startTestApp, type TestApp } from '../../../../test/support/test-app';
import { familySql } from './family-sql';

// A pending parent–child link can be declined by the child (or an admin with can_manage_users)
// and withdrawn by the parent who requested it: the request is deleted and answered as it was.
// Anyone else is refused (FORBIDDEN, or NOT_FOUND for a link they cannot see), a confirmed link
// is CONFLICT, and a refusal deletes nothing.

type Response = Awaited<ReturnType<TestApp['graphql']>>;

const DECLINE = 'mutation ($id: ID!) { declineParentLink(input: { relationId: $id }) { id parentUserId childUserId confirmedAt } }';
const WITHDRAW = 'mutation ($id: ID!) { withdrawParentLink(input: { relationId: $id }) { id parentUserId childUserId confirmedAt } }';
const LINKS = '{ me { childRelations(first: 100) { nodes { id } } } }';

interface Link {
  id: number;
  parentUserId: number;
  childUserId: number;
}

describe('declining and withdrawing a pending parent–child link', () => {
  let app: TestApp;
  let limitedAdmin: number;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const codeOf = (response: Response) => response.errors?.[0].extensions?.code;

  const { one, tokenOf } = familySql(() => app);
  const exists = async (id: number) => (await one<{ n: number }>('SELECT count(*)::int AS n FROM parent_child_relations WHERE id = $1', [id])).n === 1;

  /** A new link between an active parent and an active student not linked yet (pending unless `confirmed`). */
  let made = 0;
  async function newLink(confirmed = false): Promise<Link> {
    made += 1;
    return one<Link>(
      `INSERT INTO parent_child_relations (parent_user_id, child_user_id, relation_type, confirmed_at)
       SELECT p.id, c.id, 'father', CASE WHEN $2 THEN now() END
         FROM (SELECT id FROM users WHERE role = 'parent' AND status = 'active' AND email_verified IS TRUE ORDER BY id LIMIT 1 OFFSET $1) p
         CROSS JOIN LATERAL (SELECT u.id FROM users u WHERE u.role = 'student' AND u.status = 'active' AND u.email_verified IS TRUE
                              AND NOT EXISTS (SELECT 1 FROM parent_child_relations r WHERE r.child_user_id = u.id AND r.parent_user_id = p.id)
                             ORDER BY u.id DESC LIMIT 1) c
       RETURNING id, parent_user_id AS "parentUserId", child_user_id AS "childUserId"`,
      [made, confirmed],
    );
  }

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    limitedAdmin = (
      await one<{ id: number }>(`SELECT u.id FROM users u JOIN admin_profiles a ON a.user_id = u.id WHERE u.status = 'active' AND NOT a.is_super_admin ORDER BY u.id LIMIT 1`)
    ).id;
    await app.dataSource.query('UPDATE admin_profiles SET can_manage_users = false WHERE user_id = $1', [limitedAdmin]);
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses everyone but the child or a user admin (decline) and the requesting parent (withdraw), deleting nothing', async () => {
    const link = await newLink();
    const otherStudent = await one<{ id: number }>(`SELECT id FROM users WHERE role = 'student' AND status = 'active' AND email_verified IS TRUE AND id <> $1 ORDER BY id LIMIT 1`, [link.childUserId]);
    const otherParent = await one<{ id: number }>(`SELECT id FROM users WHERE role = 'parent' AND status = 'active' AND email_verified IS TRUE AND id <> $1 ORDER BY id LIMIT 1`, [link.parentUserId]);
    const variables = { id: String(link.id) };
    const cases: Array<[string, string, Record<string, string>, string]> = [
      ['decline by the parent', DECLINE, as(await tokenOf(link.parentUserId)), 'FORBIDDEN'],
      ['decline by an admin without can_manage_users', DECLINE, as(await tokenOf(limitedAdmin)), 'FORBIDDEN'],
      ['decline by another student (cannot see the link)', DECLINE, as(await tokenOf(otherStudent.id)), 'NOT_FOUND'],
      ['decline by a teacher (cannot see the link)', DECLINE, as(await app.signIn('teacher@example.com')), 'NOT_FOUND'],
      ['decline, signed out', DECLINE, { authorization: '' }, 'UNAUTHENTICATED'],
      ['withdraw by the child', WITHDRAW, as(await tokenOf(link.childUserId)), 'FORBIDDEN'],
      ['withdraw by an admin', WITHDRAW, as(await app.signIn('admin@example.com')), 'FORBIDDEN'],
      ['withdraw by another parent (cannot see the link)', WITHDRAW, as(await tokenOf(otherParent.id)), 'NOT_FOUND'],
      ['withdraw, signed out', WITHDRAW, { authorization: '' }, 'UNAUTHENTICATED'],
    ];
    for (const [name, mutation, headers, code] of cases) {
      const response = await app.graphql(mutation, variables, headers);
      expect([name, codeOf(response), response.data]).toEqual([name, code, null]);
    }
    const child = as(await tokenOf(link.childUserId));
    expect(codeOf(await app.graphql(DECLINE, { id: '999999' }, child))).toBe('NOT_FOUND');
    const bad = await app.graphql(DECLINE, { id: 'x' }, child);
    expect([codeOf(bad), bad.errors![0].extensions!.fields]).toEqual(['BAD_USER_INPUT', ['input.relationId']]);
    expect(await one('SELECT confirmed_at FROM parent_child_relations WHERE id = $1', [link.id])).toEqual({ confirmed_at: null });
  });

  it('the child declines: the link is answered as it was and is gone, for the parent too; the parent may ask again', async () => {
    const link = await newLink();
    const response = await app.graphql<{ declineParentLink: Record<string, unknown> }>(DECLINE, { id: String(link.id) }, as(await tokenOf(link.childUserId)));
    expect(response.errors).toBeUndefined();
    expect(response.data!.declineParentLink).toEqual({ id: String(link.id), parentUserId: String(link.parentUserId), childUserId: String(link.childUserId), confirmedAt: null });
    expect(await exists(link.id)).toBe(false);
    const parent = as(await tokenOf(link.parentUserId));
    const listed = await app.graphql<{ me: { childRelations: { nodes: Array<{ id: string }> } } }>(LINKS, {}, parent);
    expect(listed.data!.me.childRelations.nodes.map((node) => Number(node.id))).not.toContain(link.id);
    expect(codeOf(await app.graphql(DECLINE, { id: String(link.id) }, as(await tokenOf(link.childUserId))))).toBe('NOT_FOUND');
    const childEmail = (await one<{ email: string }>('SELECT email FROM users WHERE id = $1', [link.childUserId])).email;
    const asked = await app.graphql('mutation ($email: EmailAddress!) { requestParentLink(input: { childEmail: $email, relationType: FATHER }) }', { email: childEmail }, parent);
    expect(asked.errors).toBeUndefined();
    expect(await one('SELECT count(*)::int AS n FROM parent_child_relations WHERE parent_user_id = $1 AND child_user_id = $2 AND confirmed_at IS NULL', [link.parentUserId, link.childUserId])).toEqual({ n: 1 });
  });

  it('an admin with can_manage_users declines a link', async () => {
    const link = await newLink();
    const response = await app.graphql(DECLINE, { id: String(link.id) }, as(await app.signIn('admin@example.com')));
    expect(response.errors).toBeUndefined();
    expect(await exists(link.id)).toBe(false);
  });

  it('the parent withdraws their request', async () => {
    const link = await newLink();
    const response = await app.graphql<{ withdrawParentLink: { id: string } }>(WITHDRAW, { id: String(link.id) }, as(await tokenOf(link.parentUserId)));
    expect(response.errors).toBeUndefined();
    expect(response.data!.withdrawParentLink.id).toBe(String(link.id));
    expect(await exists(link.id)).toBe(false);
  });

  it('a confirmed link is CONFLICT for both, and stays confirmed', async () => {
    const link = await newLink(true);
    for (const [mutation, userId] of [
      [DECLINE, link.childUserId],
      [WITHDRAW, link.parentUserId],
    ] as const) {
      const response = await app.graphql(mutation, { id: String(link.id) }, as(await tokenOf(userId)));
      expect(codeOf(response)).toBe('CONFLICT');
      expect(response.errors![0].message).toMatch(/only a pending request/);
    }
    expect(await one('SELECT confirmed_at IS NOT NULL AS confirmed FROM parent_child_relations WHERE id = $1', [link.id])).toEqual({ confirmed: true });
  });
});
