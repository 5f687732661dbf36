// How text sorts and compares: one ICU collation, created by the migrations, on every text column
// exposed as a String field. A database's default collation depends on how its cluster was created
// (the embedded one uses C, byte order: "Zoé" before "atelier"; a Docker PostgreSQL en_US.UTF-8);
// an ICU collation gives the same order on every server (Unicode Collation Algorithm with the French
// tailoring of CLDR: atelier, école, Élan, Zoé). It is deterministic, so equality stays exact (eq is
// byte equality of NFC text) and LIKE / ILIKE keep working; btree indexes of these columns are
// built with it, so keyset pagination on them stays an index scan.
// See "Collation Support" in the PostgreSQL documentation.

export const TEXT_COLLATION = 'nexus_fr';
