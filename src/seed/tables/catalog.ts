import { FormulaType } from '../../modules/catalog/formula-type.enum';
import { DAY, MINUTE, REFERENCE, iso } from '../calendar';
import { LEVEL_LABELS, ROOMS, SITES, dinars } from '../content';
import { LEVELS, type SeedPlan } from '../plan';
import { Rng, mix, saltOf } from '../prng';
import { json, type TableSpec } from '../table';
import { studentTraits, userTimeline } from './accounts';

// students, teachers (the domain records behind the student and teacher accounts), formulas
// and locations.

const SALT = {
  student: saltOf('students'),
  teacher: saltOf('teachers'),
  formula: saltOf('formulas'),
  location: saltOf('locations'),
};

export const FORMULA_TYPES = [FormulaType.INDIVIDUAL, FormulaType.GROUP, FormulaType.ONLINE_PACK, FormulaType.INTENSIVE] as const;

/** Capacity of room l: shared with groups (a group never has more places than its room). */
export function locationCapacity(l: number): number {
  return new Rng(mix(SALT.location, l, 1)).int(10, 24);
}

/** Whether formula f can be followed online / in person: online packs are online only, intensive courses at the centre only. */
export function formulaFormats(f: number): { online: boolean; inPerson: boolean } {
  const type = FORMULA_TYPES[f % 4];
  return { online: type !== FormulaType.INTENSIVE, inPerson: type !== FormulaType.ONLINE_PACK };
}

export function studentsTable(plan: SeedPlan): TableSpec {
  return {
    table: 'students',
    columns: [
      'id', 'user_id', 'full_name', 'email', 'phone', 'grade_level', 'school', 'preferred_subjects', 'learning_style',
      'cognitive_profile', 'performance_data', 'created_at', 'updated_at', 'is_active',
    ],
    count: plan.students,
    *rows() {
      for (let s = 0; s < plan.students; s += 1) {
        const info = plan.studentInfo[s];
        const traits = studentTraits(plan, s);
        const time = userTimeline(plan, plan.studentUserId(s) - 1);
        yield [
          s + 1,
          plan.studentUserId(s),
          `${info.firstName} ${info.lastName}`,
          info.email,
          info.phone,
          info.level,
          info.school,
          json(info.subjects),
          traits.learningStyle,
          json(traits.cognitive),
          json(traits.performance),
          iso(time.createdAt),
          iso(time.lastLogin),
          true,
        ];
      }
    },
  };
}

export function teachersTable(plan: SeedPlan): TableSpec {
  return {
    table: 'teachers',
    columns: [
      'id', 'user_id', 'first_name', 'last_name', 'email', 'phone', 'subjects', 'qualifications', 'experience_years',
      'is_aefe_certified', 'is_nsi_diu', 'can_teach_online', 'can_teach_in_person', 'hourly_rate_online',
      'hourly_rate_in_person', 'created_at',
    ],
    count: plan.teachers,
    *rows() {
      for (let t = 0; t < plan.teachers; t += 1) {
        const info = plan.teacherInfo[t];
        const time = userTimeline(plan, plan.teacherUserId(t) - 1);
        yield [
          t + 1,
          plan.teacherUserId(t),
          info.firstName,
          info.lastName,
          info.email,
          info.phone,
          json(info.subjects),
          json(info.qualifications),
          info.experienceYears,
          info.aefe,
          info.subjects.includes('NSI'),
          info.online,
          true,
          info.online ? dinars(info.rateOnline) : null,
          dinars(info.rateInPerson),
          iso(time.createdAt),
        ];
      }
    },
  };
}

export function formulasTable(plan: SeedPlan): TableSpec {
  const catalogue: Record<FormulaType, { name: string; hours: number[]; hourly: [number, number]; places: [number, number]; description: string }> = {
    [FormulaType.INDIVIDUAL]: {
      name: 'Individuel',
      hours: [4, 6, 8, 12],
      hourly: [45, 60],
      places: [1, 1],
      description: 'Cours particuliers avec un professeur attitré, au centre ou en ligne, au rythme de l’élève.',
    },
    [FormulaType.GROUP]: {
      name: 'Groupe',
      hours: [8, 12, 16],
      hourly: [20, 28],
      places: [6, 10],
      description: 'Cours en petit groupe de même niveau, une séance hebdomadaire de deux heures et un suivi ARIA entre les séances.',
    },
    [FormulaType.ONLINE_PACK]: {
      name: 'Pack en ligne',
      hours: [5, 10, 20],
      hourly: [38, 45],
      places: [1, 1],
      description: 'Heures de cours en visioconférence à réserver librement sur les créneaux des professeurs.',
    },
    [FormulaType.INTENSIVE]: {
      name: 'Stage intensif',
      hours: [15, 20, 30],
      hourly: [30, 40],
      places: [4, 8],
      description: 'Stage de révision intensif pendant les vacances scolaires, avec bac blanc corrigé.',
    },
  };
  const stages = ['Toussaint', 'hiver', 'printemps', 'bac'];
  return {
    table: 'formulas',
    columns: [
      'id', 'name', 'type', 'level', 'price_dt', 'hours_per_month', 'max_students', 'description', 'features',
      'supports_online', 'supports_in_person', 'created_at', 'updated_at',
    ],
    count: plan.formulas,
    *rows() {
      const rng = new Rng();
      for (let f = 0; f < plan.formulas; f += 1) {
        rng.reseed(mix(SALT.formula, f));
        const type = FORMULA_TYPES[f % 4];
        const level = LEVELS[Math.floor(f / 4) % 3];
        const variant = Math.floor(f / 12);
        const spec = catalogue[type];
        const hours = spec.hours[variant % spec.hours.length];
        const price = hours * rng.int(spec.hourly[0], spec.hourly[1]) * 1000 - (rng.chance(0.3) ? 500 : 0);
        const { online, inPerson } = formulaFormats(f);
        const label =
          type === FormulaType.INTENSIVE
            ? `${spec.name} de ${stages[variant % stages.length]} — ${LEVEL_LABELS[level]}`
            : `${spec.name} ${LEVEL_LABELS[level]} — ${hours} h${type === FormulaType.ONLINE_PACK ? '' : ' par mois'}`;
        const edition = variant >= 4 ? ` (offre ${variant - 2})` : '';
        const createdAt = REFERENCE - rng.int(90, 400) * DAY + rng.int(8 * 60, 18 * 60) * MINUTE;
        yield [
          f + 1,
          label + edition,
          type,
          level,
          dinars(price),
          hours,
          rng.int(spec.places[0], spec.places[1]),
          spec.description,
          json([
            'Suivi des progrès par ARIA',
            rng.pick(['Bilan hebdomadaire envoyé aux parents', 'Bilan mensuel envoyé aux parents']),
            ...(level === 'terminale' ? ['Sujets de bac corrigés'] : ['Fiches de méthode']),
            ...(online ? ['Replays des séances en ligne'] : []),
          ]),
          online,
          inPerson,
          iso(createdAt),
          iso(createdAt + rng.int(0, 60) * DAY),
        ];
      }
    },
  };
}

export function locationsTable(plan: SeedPlan): TableSpec {
  return {
    table: 'locations',
    columns: ['id', 'name', 'capacity', 'address', 'equipment', 'is_active', 'created_at', 'updated_at'],
    count: plan.locations,
    *rows() {
      const rng = new Rng();
      for (let l = 0; l < plan.locations; l += 1) {
        rng.reseed(mix(SALT.location, l));
        const site = SITES[Math.floor(l / 5) % SITES.length];
        const room = ROOMS[(l % 5) + 5 * (Math.floor(l / 50) % 2)];
        const annex = Math.floor(l / 100);
        const createdAt = REFERENCE - rng.int(200, 900) * DAY + rng.int(8 * 60, 18 * 60) * MINUTE;
        yield [
          l + 1,
          `${site.name} — ${room}${annex > 0 ? ` (annexe ${annex})` : ''}`,
          locationCapacity(l),
          site.address,
          json({
            whiteboard: true,
            projector: rng.chance(0.7),
            interactive_screen: rng.chance(0.3),
            computers: rng.chance(0.3) ? rng.int(4, 12) : 0,
            wifi: true,
            air_conditioning: rng.chance(0.8),
          }),
          true,
          iso(createdAt),
          iso(createdAt + rng.int(0, 100) * DAY),
        ];
      }
    },
  };
}
