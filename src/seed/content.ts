// French (and Tunisian) vocabulary of the demo data: names, schools, rooms, subjects and the
// sentences that teachers, parents and the ARIA tutor write.

export const SUBJECTS = ['Mathématiques', 'NSI', 'Physique-Chimie', 'Français', 'SES', 'SVT', 'Philosophie', 'Anglais'] as const;
export type Subject = (typeof SUBJECTS)[number];

export const LEVEL_LABELS = { seconde: 'Seconde', premiere: 'Première', terminale: 'Terminale' } as const;

export const MALE_FIRST_NAMES = [
  'Adam', 'Youssef', 'Mohamed', 'Ahmed', 'Amine', 'Karim', 'Sami', 'Hamza', 'Omar', 'Elyes', 'Rayen', 'Aziz', 'Skander',
  'Malek', 'Yassine', 'Mehdi', 'Bilel', 'Anis', 'Walid', 'Fares', 'Ayoub', 'Iheb', 'Nizar', 'Slim', 'Hichem', 'Louis',
  'Hugo', 'Lucas', 'Thomas', 'Nicolas', 'Julien', 'Antoine', 'Maxime', 'Théo', 'Rami', 'Ghassen', 'Oussama', 'Zied',
] as const;

export const FEMALE_FIRST_NAMES = [
  'Yasmine', 'Amira', 'Salma', 'Sarra', 'Meriem', 'Ines', 'Nour', 'Lina', 'Emna', 'Rania', 'Leïla', 'Hela', 'Fatma',
  'Chaima', 'Eya', 'Asma', 'Olfa', 'Sonia', 'Mariem', 'Rim', 'Sirine', 'Nadia', 'Dorra', 'Khadija', 'Aïcha', 'Camille',
  'Léa', 'Chloé', 'Manon', 'Sophie', 'Claire', 'Inès', 'Juliette', 'Zeineb', 'Imen', 'Hiba', 'Wafa', 'Syrine',
] as const;

export const LAST_NAMES = [
  'Gharbi', 'Ben Salah', 'Jaziri', 'Hammami', 'Mejri', 'Chaabane', 'Khelifi', 'Ayari', 'Jebali', 'Mansouri', 'Ben Amor',
  'Haddad', 'Karoui', 'Zouari', 'Sassi', 'Ferchichi', 'Dridi', 'Baccouche', 'Belhadj', 'Ben Youssef', 'Chebbi',
  'Laabidi', 'Masmoudi', 'Bouzid', 'Kammoun', 'Ellouze', 'Sfar', 'Ben Romdhane', 'Tlili', 'Ouertani', 'Ben Mustapha',
  'Bouslama', 'Riahi', 'Dhaouadi', 'Chouchane', 'Mabrouk', 'Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau',
  'Laurent', 'Girard', 'Roux', 'Fontaine', 'Mercier', 'Lambert', 'Bonnet', 'Chevalier', 'Garnier',
] as const;

export const SCHOOLS = [
  'Lycée Pierre Mendès France Tunis',
  'Lycée Gustave Flaubert La Marsa',
  'Lycée Albert Camus Ennasr',
  'Lycée Victor Hugo Les Berges du Lac',
  'Lycée Marie Curie El Menzah',
  'Lycée Jean Giono Carthage',
  'Lycée international Hannibal Lac 2',
  'Lycée Ibn Khaldoun Mutuelleville',
] as const;

export interface Site {
  name: string;
  address: string;
  city: string;
}

export const SITES: readonly Site[] = [
  { name: 'Nexus Réussite Lac 2', address: '12 rue du Lac Windermere, Les Berges du Lac 2, 1053 Tunis', city: 'Tunis' },
  { name: 'Nexus Réussite La Marsa', address: '45 avenue Habib Bourguiba, 2070 La Marsa', city: 'La Marsa' },
  { name: 'Nexus Réussite Ennasr', address: '8 avenue Hédi Nouira, Ennasr 2, 2037 Ariana', city: 'Ariana' },
  { name: 'Nexus Réussite Menzah 6', address: '23 rue des Jasmins, El Menzah 6, 2091 Ariana', city: 'Ariana' },
  { name: 'Nexus Réussite Carthage', address: '3 avenue de la République, Carthage Byrsa, 2016 Carthage', city: 'Carthage' },
  { name: 'Nexus Réussite Centre-ville', address: '60 avenue de la Liberté, 1002 Tunis', city: 'Tunis' },
  { name: 'Nexus Réussite Mutuelleville', address: '14 avenue Taïeb Mhiri, 1082 Mutuelleville', city: 'Tunis' },
  { name: 'Nexus Réussite El Manar', address: '5 rue Abou Kacem Chebbi, El Manar 2, 2092 Tunis', city: 'Tunis' },
  { name: 'Nexus Réussite Les Berges du Lac', address: '2 rue du Lac Léman, Les Berges du Lac, 1053 Tunis', city: 'Tunis' },
  { name: 'Nexus Réussite Ariana', address: '31 avenue de l’Indépendance, 2080 Ariana', city: 'Ariana' },
];

export const ROOMS = [
  'Salle Descartes', 'Salle Ibn Khaldoun', 'Salle Marie Curie', 'Salle Al-Khwarizmi', 'Salle Pascal',
  'Salle Voltaire', 'Salle Averroès', 'Salle Turing', 'Salle Ada Lovelace', 'Salle Camus',
] as const;

export const HOME_ADDRESSES = [
  'rue du Lac Léman, Les Berges du Lac, 1053 Tunis',
  'avenue Habib Bourguiba, 2070 La Marsa',
  'rue Ibn Khaldoun, Ennasr 1, 2037 Ariana',
  'avenue de la Liberté, 1002 Tunis',
  'rue Hannibal, 2016 Carthage',
  'rue des Orangers, El Menzah 5, 2091 Ariana',
  'rue Alain Savary, 1002 Tunis',
  'avenue Taïeb Mhiri, 1082 Mutuelleville',
  'rue du Japon, 1073 Montplaisir',
  'avenue de l’UMA, 2045 L’Aouina',
  'rue de la Corniche, 2078 Gammarth',
  'rue Farhat Hached, 2040 Radès',
  'avenue Mohamed V, 1001 Tunis',
  'rue Tahar Sfar, 2033 Mégrine',
] as const;

export const PROFESSIONS = [
  'Médecin', 'Ingénieur', 'Enseignant', 'Avocat', 'Pharmacien', 'Architecte', 'Chef d’entreprise', 'Cadre bancaire',
  'Expert-comptable', 'Fonctionnaire', 'Journaliste', 'Commerçant', 'Développeur informatique', 'Chirurgien-dentiste',
  'Diplomate', 'Consultant', 'Infirmier', 'Professeur d’université',
] as const;

export const ADMIN_DEPARTMENTS = ['Direction', 'Pédagogie', 'Scolarité', 'Comptabilité', 'Support technique', 'Communication', 'Relations familles'] as const;

export const LOCATIONS_OF_SESSIONS = [
  'Tunis, Tunisie', 'La Marsa, Tunisie', 'Ariana, Tunisie', 'Carthage, Tunisie', 'Ben Arous, Tunisie', 'Sousse, Tunisie',
  'Sfax, Tunisie', 'Paris, France', 'Lyon, France', 'Montréal, Canada',
] as const;

export const USER_AGENTS = {
  desktop: [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
    'Mozilla/5.0 (X11; Linux x86_64; rv:129.0) Gecko/20100101 Firefox/129.0',
  ],
  mobile: [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Mobile Safari/537.36',
    'NexusReussite/2.4.1 (Android 13; Redmi Note 12)',
  ],
  tablet: [
    'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36',
  ],
  unknown: ['curl/8.5.0', 'NexusReussite-Sync/1.0'],
} as const;

export const TOPICS: Record<Subject, readonly string[]> = {
  Mathématiques: [
    'Suites numériques', 'Fonction exponentielle', 'Logarithme népérien', 'Calcul intégral', 'Probabilités conditionnelles',
    'Géométrie dans l’espace', 'Nombres complexes', 'Dérivation', 'Second degré', 'Trigonométrie', 'Limites de fonctions',
    'Loi binomiale',
  ],
  NSI: [
    'Programmation Python', 'Récursivité', 'Listes, piles et files', 'Bases de données et SQL', 'Algorithmes de tri',
    'Graphes', 'Réseaux et protocoles', 'Programmation orientée objet', 'Arbres binaires', 'Programmation dynamique',
  ],
  'Physique-Chimie': [
    'Deuxième loi de Newton', 'Ondes et lumière', 'Cinétique chimique', 'Réactions acide-base', 'Circuits électriques',
    'Thermodynamique', 'Radioactivité', 'Mouvement dans un champ uniforme', 'Oxydoréduction', 'Dosages par titrage',
  ],
  Français: [
    'Commentaire de texte', 'Dissertation littéraire', 'Le roman du XIXe siècle', 'La poésie', 'Le théâtre classique',
    'L’argumentation', 'L’oral du bac de français', 'Contraction de texte', 'Les figures de style',
  ],
  SES: [
    'Croissance économique', 'Marché et concurrence', 'Chômage', 'Mobilité sociale', 'Mondialisation',
    'Politique monétaire', 'Inégalités', 'Financement de l’économie', 'Socialisation',
  ],
  SVT: [
    'Génétique et hérédité', 'Immunologie', 'Géologie et tectonique', 'Écosystèmes', 'Neurophysiologie', 'Photosynthèse',
    'Évolution du vivant', 'Enzymes et métabolisme',
  ],
  Philosophie: [
    'La conscience', 'La liberté', 'Le devoir', 'La vérité', 'La justice', 'L’art', 'Le travail', 'Le bonheur', 'L’État',
  ],
  Anglais: [
    'Compréhension écrite', 'Expression orale', 'Present perfect et prétérit', 'Essay writing', 'Vocabulaire thématique',
    'Littérature anglophone', 'Compréhension orale', 'Discours rapporté',
  ],
};

export const QUALIFICATIONS: Record<Subject, readonly string[]> = {
  Mathématiques: ['Agrégation de mathématiques', 'CAPES de mathématiques', 'Master de mathématiques appliquées', 'Diplôme d’ingénieur (ENIT)'],
  NSI: ['DIU Enseigner l’informatique au lycée', 'CAPES NSI', 'Master en informatique', 'Diplôme d’ingénieur (INSAT)'],
  'Physique-Chimie': ['Agrégation de physique-chimie', 'CAPES de physique-chimie', 'Doctorat en chimie', 'Master de physique'],
  Français: ['Agrégation de lettres modernes', 'CAPES de lettres', 'Master de littérature française'],
  SES: ['Agrégation de sciences sociales', 'CAPES de SES', 'Master d’économie (IHEC Carthage)'],
  SVT: ['Agrégation de SVT', 'CAPES de SVT', 'Doctorat en biologie'],
  Philosophie: ['Agrégation de philosophie', 'CAPES de philosophie', 'Master de philosophie'],
  Anglais: ['CAPES d’anglais', 'Master LLCER anglais', 'CELTA (Cambridge)', 'Licence d’anglais (ISLT)'],
};

/** What a student asks ARIA, and what ARIA answers. */
export const ARIA_QUESTIONS: Record<Subject, ReadonlyArray<readonly [string, string]>> = {
  Mathématiques: [
    ['Comment montrer qu’une suite est croissante ?', 'Étudie le signe de u(n+1) − u(n) : s’il est positif pour tout n, la suite est croissante. Si tous les termes sont strictement positifs, tu peux aussi comparer le quotient u(n+1)/u(n) à 1.'],
    ['Quelle est la dérivée de exp(2x + 1) ?', 'C’est une composée : (e^u)′ = u′·e^u. Ici u(x) = 2x + 1 et u′(x) = 2, donc la dérivée est 2·e^(2x+1).'],
    ['Comment calculer P(A|B) avec un arbre ?', 'P(A|B) = P(A ∩ B) / P(B). Dans l’arbre, P(A ∩ B) est le produit des probabilités le long du chemin, et P(B) se calcule avec la formule des probabilités totales.'],
    ['Pourquoi ln(ab) = ln(a) + ln(b) ?', 'C’est la propriété qui définit le logarithme : il transforme les produits en sommes. Elle vient de exp(x + y) = exp(x)·exp(y) : ln est la réciproque de exp.'],
  ],
  NSI: [
    ['Quelle est la différence entre une liste et un tuple en Python ?', 'Une liste est modifiable (on peut ajouter ou remplacer des éléments), un tuple ne l’est pas. On utilise un tuple pour des données fixes, comme des coordonnées (x, y).'],
    ['Pourquoi ma fonction récursive ne s’arrête jamais ?', 'Il manque sans doute le cas de base, ou l’appel récursif ne s’en rapproche pas. Vérifie que chaque appel travaille sur une donnée plus petite (n − 1 par exemple) et que le cas n == 0 renvoie directement une valeur.'],
    ['Comment écrire une jointure en SQL ?', 'SELECT e.nom, c.intitule FROM eleves AS e JOIN cours AS c ON c.id = e.cours_id; — la clause ON indique la colonne qui relie les deux tables.'],
    ['Quelle est la complexité du tri par insertion ?', 'Dans le pire des cas, quadratique : O(n²) comparaisons, quand le tableau est trié à l’envers. S’il est presque trié, il devient presque linéaire.'],
  ],
  'Physique-Chimie': [
    ['Comment appliquer la deuxième loi de Newton ?', 'Définis le système et le référentiel, fais le bilan des forces, puis écris ΣF = m·a. Projette ensuite cette relation sur les axes pour obtenir les coordonnées de l’accélération.'],
    ['Qu’est-ce qu’un couple acide/base ?', 'Deux espèces qui échangent un proton H⁺ : AH = A⁻ + H⁺. Par exemple CH₃COOH/CH₃COO⁻ : l’acide cède le proton, la base le capte.'],
    ['Pourquoi la période d’un pendule ne dépend pas de sa masse ?', 'Pour de petites oscillations, T = 2π√(L/g) : la masse apparaît dans le poids et dans l’inertie, et les deux effets se compensent.'],
    ['Comment repérer l’équivalence d’un titrage ?', 'À l’équivalence, les réactifs ont été introduits dans les proportions stœchiométriques. On la repère par le saut de pH (méthode des tangentes ou maximum de la dérivée) ou par le virage d’un indicateur coloré.'],
  ],
  Français: [
    ['Comment construire une problématique de commentaire ?', 'Pars de ce qui fait la singularité du texte, puis pose une question qui guide ta lecture, par exemple : « Comment Flaubert fait-il du bal un moment de rêve pour Emma ? ». Tes deux axes doivent y répondre.'],
    ['Quelle différence entre une métaphore et une comparaison ?', 'La comparaison utilise un outil (comme, tel, semblable à) ; la métaphore rapproche les deux éléments sans outil. « La Terre est bleue comme une orange » est une comparaison.'],
    ['Comment réussir l’entretien de l’oral du bac ?', 'Présente ton œuvre choisie en deux minutes : pourquoi tu l’as choisie, ce qu’elle t’a appris. Ensuite, écoute les questions et appuie chaque réponse sur un passage précis.'],
  ],
  SES: [
    ['Comment calculer un taux de variation ?', '(valeur d’arrivée − valeur de départ) / valeur de départ × 100. Si le PIB passe de 200 à 210 milliards, le taux de variation est de 5 %.'],
    ['Qu’est-ce que la mobilité sociale intergénérationnelle ?', 'C’est le changement de position sociale d’un individu par rapport à celle de ses parents. On la mesure avec les tables de mobilité (tables de destinée et de recrutement).'],
    ['Quelle différence entre chômage conjoncturel et structurel ?', 'Le chômage conjoncturel vient d’un ralentissement de l’activité ; le chômage structurel dure même quand l’économie va bien (inadéquation des qualifications, rigidités du marché du travail).'],
  ],
  SVT: [
    ['Quelle est la différence entre mitose et méiose ?', 'La mitose donne deux cellules identiques à la cellule mère ; la méiose produit quatre cellules haploïdes génétiquement différentes, à l’origine des gamètes.'],
    ['Comment fonctionne la réponse immunitaire adaptative ?', 'Les lymphocytes reconnaissent un antigène précis, se multiplient, puis éliminent l’intrus : les lymphocytes B par les anticorps, les lymphocytes T cytotoxiques en détruisant les cellules infectées. Des cellules mémoires restent ensuite.'],
    ['À quoi sert une enzyme ?', 'Une enzyme catalyse une réaction : elle l’accélère sans être consommée. Elle est spécifique de son substrat, grâce à la forme de son site actif.'],
  ],
  Philosophie: [
    ['Comment rédiger l’introduction d’une dissertation ?', 'Accroche, définition des termes du sujet, problème (la tension entre deux réponses possibles), puis annonce du plan. Le problème est le cœur de l’introduction.'],
    ['Peut-on être libre sans le savoir ?', 'Spinoza répondrait plutôt l’inverse : les hommes se croient libres parce qu’ils ignorent les causes qui les déterminent. Tu peux confronter cette idée à Sartre, pour qui nous sommes « condamnés à être libres ».'],
    ['Quelle différence entre un argument et un exemple ?', 'L’argument est une raison qui justifie une thèse ; l’exemple illustre ou met à l’épreuve cette raison. Un exemple seul ne prouve rien.'],
  ],
  Anglais: [
    ['How do I use the present perfect?', 'Le present perfect (have + participe passé) relie le passé au présent : « I have lived in Tunis for five years ». Avec une date précise, on emploie le prétérit : « I moved here in 2021 ».'],
    ['Comment structurer un essay en anglais ?', 'Une introduction avec une thesis statement, deux ou trois paragraphes (une topic sentence et des exemples chacun), puis une conclusion qui répond à la question.'],
    ['What is the difference between "since" and "for"?', '« Since » introduit un point de départ (since 2020, since Monday) ; « for » une durée (for three years, for two hours). Les deux vont souvent avec le present perfect.'],
  ],
};

export const CANCELLATION_REASONS = [
  'Élève malade', 'Conflit avec un devoir surveillé au lycée', 'Déplacement familial', 'Enseignant indisponible',
  'Problème de transport', 'Créneau déplacé à la demande des parents', 'Voyage scolaire',
] as const;

export const BOOKING_DESCRIPTIONS = [
  'Je voudrais revoir le cours avant le prochain devoir surveillé.',
  'J’ai des difficultés avec les exercices de type bac.',
  'Préparation du bac blanc.',
  'Correction des exercices du dernier chapitre.',
  'Je n’ai pas compris la méthode vue en classe.',
  'Reprise des bases avant d’attaquer le nouveau chapitre.',
  'Méthodologie : rédiger une copie claire et complète.',
] as const;

export const BOOKING_NOTES = [
  'Merci d’apporter le manuel et le cahier d’exercices.',
  'Ma fille a un devoir surveillé jeudi.',
  'Mon fils préfère travailler sur des exercices corrigés.',
  'Prévoir vingt minutes sur la méthodologie.',
  'Première séance avec ce professeur.',
] as const;

export const HOMEWORK = [
  'Exercices 12 à 15 page 84.',
  'Refaire l’exercice corrigé sans regarder la correction.',
  'Fiche de synthèse du chapitre à compléter.',
  'Sujet de bac 2025, exercice 2.',
  'Relire le cours et faire le quiz ARIA associé.',
  'Rédiger une introduction complète.',
] as const;

export const TEACHER_NOTES = [
  'Bonne séance : les méthodes sont comprises, reste à gagner en rapidité.',
  'Des lacunes sur les bases du chapitre précédent ; prévoir une reprise.',
  'Élève très impliqué, pose de bonnes questions.',
  'Concentration en baisse en fin de séance ; séances de 60 minutes conseillées.',
  'Progrès nets depuis le dernier devoir.',
  'La rédaction doit être plus rigoureuse : justifier chaque étape.',
] as const;

export const NEXT_SESSION_RECOMMENDATIONS = [
  'Commencer par un exercice de rappel de dix minutes.',
  'Passer à des sujets de type bac en temps limité.',
  'Revoir les définitions avant de reprendre les exercices.',
  'Travailler la méthodologie de rédaction.',
  'Consolider avec les exercices ARIA de niveau intermédiaire.',
] as const;

export const ARIA_INSIGHTS = [
  'Régularité en hausse : quatre sessions ARIA cette semaine, toutes terminées.',
  'Les erreurs portent surtout sur les calculs intermédiaires, pas sur les méthodes.',
  'Temps de réponse en baisse de 20 % sur les exercices de niveau intermédiaire.',
  'Travail concentré en fin de semaine : mieux répartir les séances.',
  'Bonne autonomie : les indices sont de moins en moins demandés.',
] as const;

export const PARENT_FEEDBACK = [
  'Merci pour ce suivi détaillé.',
  'Nous avons remarqué plus de motivation à la maison.',
  'Pouvez-vous insister sur la méthodologie ?',
  'Notre fille trouve les séances très utiles.',
  'Nous aimerions un point téléphonique avec le professeur.',
] as const;

export const SPECIALTIES_BY_SUBJECT: Record<Subject, string> = {
  Mathématiques: 'Mathématiques',
  NSI: 'Numérique et sciences informatiques',
  'Physique-Chimie': 'Physique-chimie',
  Français: 'Humanités, littérature et philosophie',
  SES: 'Sciences économiques et sociales',
  SVT: 'Sciences de la vie et de la Terre',
  Philosophie: 'Humanités, littérature et philosophie',
  Anglais: 'Langues, littératures et cultures étrangères (anglais)',
};

export const INTERESTS = [
  'robotique', 'lecture', 'football', 'basket-ball', 'natation', 'musique', 'échecs', 'photographie', 'théâtre',
  'jeux vidéo', 'bénévolat', 'cinéma', 'dessin', 'programmation', 'tennis', 'astronomie',
] as const;

export const GOALS = [
  'Obtenir une mention Très bien au baccalauréat',
  'Obtenir une mention Bien au baccalauréat',
  'Intégrer une classe préparatoire scientifique',
  'Être admis dans une école d’ingénieurs en France',
  'Remonter sa moyenne de mathématiques au-dessus de 14',
  'Préparer un dossier Parcoursup solide',
  'Gagner en confiance à l’oral',
  'Réussir les épreuves anticipées de français',
] as const;

export const STRENGTHS = [
  'raisonnement logique', 'mémoire visuelle', 'rigueur', 'curiosité', 'expression écrite', 'calcul mental', 'esprit de synthèse',
] as const;

export const DIFFICULTIES = [
  'gestion du temps en examen', 'rédaction des justifications', 'concentration sur la durée', 'apprentissage du cours',
  'calcul littéral', 'organisation du travail personnel', 'stress avant les contrôles',
] as const;

/** slug('Ben Salah') = 'ben-salah', slug('Leïla') = 'leila'. */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Money in dinars from millimes: 45000 → "45.000". */
export function dinars(millimes: number): string {
  const whole = Math.floor(millimes / 1000);
  return `${whole}.${String(millimes % 1000).padStart(3, '0')}`;
}
