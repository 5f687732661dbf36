import type { UserRole, UserStatus } from '../../modules/accounts/account.enums';

/** Flags of admin_profiles; is_super_admin implies every one of them. */
export interface AdminPermissions {
  isSuperAdmin: boolean;
  canManageUsers: boolean;
  canManageContent: boolean;
  canViewReports: boolean;
  canManageBilling: boolean;
}

/** A child linked to a parent by a confirmed row of parent_child_relations, with what the link allows. */
export interface ChildLink {
  userId: number;
  studentId: number | null;
  canViewGrades: boolean;
  canReceiveReports: boolean;
  canBookSessions: boolean;
}

/** The signed-in user of a request, with the facts every authorization decision needs. */
export interface Viewer {
  userId: number;
  sessionId: number;
  role: UserRole;
  studentId: number | null;
  teacherId: number | null;
  /** users.status: ACTIVE, or PENDING for a self-registered teacher awaiting approval. */
  status: UserStatus;
  admin: AdminPermissions | null;
  /** A parent's children whose link is confirmed (confirmed_at set): only these count for any right. */
  children: ChildLink[];
  /** A parent's children whose link is still pending (for error messages only: it gives no right). */
  pendingChildren: Array<{ userId: number; studentId: number | null }>;
}

export function adminCan(viewer: Viewer | null, permission: Exclude<keyof AdminPermissions, 'isSuperAdmin'>): boolean {
  return Boolean(viewer?.admin && (viewer.admin.isSuperAdmin || viewer.admin[permission]));
}
