import type { MigrationInterface, QueryRunner } from 'typeorm';

// Full-text search (src/graphql/search): the text search configuration "nexus_french", French
// stemming after unaccent (so "élève", "Élèves" and "eleve" share the lexeme "elev"), and one GIN
// index per searchable table on its weighted search vector. Each expression is the one
// searchVector() builds for the entity's @Searchable declaration, character for character:
// PostgreSQL uses an expression index only for the same expression (test/e2e/search.test.ts checks
// that every search plan uses its index). Expression indexes, not generated columns: the tables
// keep the columns the audited model has.

const VECTORS: Record<string, [string, string]> = {
  idx_teachers_search: [
    'teachers',
    `setweight(to_tsvector('nexus_french'::regconfig, coalesce("first_name", '')), 'A') || setweight(to_tsvector('nexus_french'::regconfig, coalesce("last_name", '')), 'A') || setweight(jsonb_to_tsvector('nexus_french'::regconfig, coalesce("subjects", '[]'::jsonb), '["string"]'::jsonb), 'B')`,
  ],
  idx_teacher_profiles_search: [
    'teacher_profiles',
    `setweight(jsonb_to_tsvector('nexus_french'::regconfig, coalesce("subjects", '[]'::jsonb), '["string"]'::jsonb), 'A') || setweight(to_tsvector('nexus_french'::regconfig, coalesce("specialties_description", '')), 'B') || setweight(to_tsvector('nexus_french'::regconfig, coalesce("bio", '')), 'C')`,
  ],
  idx_groups_search: [
    'groups',
    `setweight(to_tsvector('nexus_french'::regconfig, coalesce("name", '')), 'A') || setweight(to_tsvector('nexus_french'::regconfig, coalesce("subject", '')), 'B')`,
  ],
  idx_formulas_search: [
    'formulas',
    `setweight(to_tsvector('nexus_french'::regconfig, coalesce("name", '')), 'A') || setweight(to_tsvector('nexus_french'::regconfig, coalesce("description", '')), 'B') || setweight(jsonb_to_tsvector('nexus_french'::regconfig, coalesce("features", '[]'::jsonb), '["string"]'::jsonb), 'C')`,
  ],
  idx_aria_interactions_search: [
    'aria_interactions',
    `setweight(to_tsvector('nexus_french'::regconfig, coalesce("user_input", '')), 'A') || setweight(to_tsvector('nexus_french'::regconfig, coalesce("aria_response", '')), 'B')`,
  ],
};

export class TextSearch1764000008100 implements MigrationInterface {
  name = 'TextSearch1764000008100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // unaccent is a trusted extension (PostgreSQL 13+): the database owner may create it.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await queryRunner.query(`CREATE TEXT SEARCH CONFIGURATION nexus_french (COPY = french)`);
    await queryRunner.query(`ALTER TEXT SEARCH CONFIGURATION nexus_french ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem`);
    for (const [index, [table, vector]] of Object.entries(VECTORS)) {
      await queryRunner.query(`CREATE INDEX "${index}" ON "${table}" USING gin ((${vector}))`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of Object.keys(VECTORS)) await queryRunner.query(`DROP INDEX "${index}"`);
    await queryRunner.query(`DROP TEXT SEARCH CONFIGURATION nexus_french`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS unaccent`);
  }
}
