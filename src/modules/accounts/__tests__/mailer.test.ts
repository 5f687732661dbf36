import { loadConfig } from '../../../config/config';
import { defaultServices } from '../../../graphql/context';
import { configureLogger } from '../../../server/logger';
import { ConsoleMailer, LogMailer, SmtpMailer } from '../mailer';

describe('mailers', () => {
  it('prints the whole message with its token on the console, so the flows can be tried locally', async () => {
    const written: string[] = [];
    await new ConsoleMailer((text) => written.push(text)).send({ to: 'eleve@example.com', subject: 'Réinitialisez votre mot de passe', text: 'Votre code : abc.123', token: 'abc.123' });
    expect(written).toEqual(['[mail] Réinitialisez votre mot de passe\n[mail]   Votre code : abc.123\n[mail]   token: abc.123']);
  });

  it('sends over SMTP when SMTP_URL is set, prints otherwise', () => {
    expect(defaultServices(loadConfig({ SMTP_URL: 'smtps://user:secret@mail.example.com:465' })).mailer).toBeInstanceOf(SmtpMailer);
    expect(defaultServices(loadConfig({}), true).mailer).toBeInstanceOf(ConsoleMailer);
    expect(defaultServices(loadConfig({}), false).mailer).toBeInstanceOf(LogMailer); // output collected as log lines
    expect(defaultServices(loadConfig({ NODE_ENV: 'production' }), true).mailer).toBeInstanceOf(LogMailer);
  });

  describe('without SMTP_URL nor a terminal (output collected as JSON log lines)', () => {
    const logged: Record<string, unknown>[] = [];
    beforeEach(() => {
      logged.length = 0;
      configureLogger({ level: 'info', format: 'json' }, { write: (line: string) => logged.push(JSON.parse(line) as Record<string, unknown>) });
    });
    afterAll(() => configureLogger({ level: 'silent', format: 'json' }));
    const message = { to: 'eleve@example.com', subject: 'Confirmez votre adresse e-mail — Nexus Réussite', text: 'Votre code : abc.123', token: 'abc.123' };

    it('outside production, logs the token as developmentToken so a developer can go on', async () => {
      await defaultServices(loadConfig({ NODE_ENV: 'development' }), false).mailer.send(message);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ level: 'warn', component: 'mail', subject: message.subject, developmentToken: 'abc.123', msg: 'mail not sent: SMTP_URL is not set' });
      expect(JSON.stringify(logged[0])).not.toContain('eleve@example.com');
    });

    it('in production, logs the subject only: neither token nor address', async () => {
      await defaultServices(loadConfig({ NODE_ENV: 'production' }), false).mailer.send(message);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ level: 'warn', component: 'mail', subject: message.subject });
      expect(logged[0]).not.toHaveProperty('developmentToken');
      expect(JSON.stringify(logged[0])).not.toContain('abc.123');
      expect(JSON.stringify(logged[0])).not.toContain('eleve@example.com');
    });
  });

  it('rejects an SMTP_URL that is not smtp:// or smtps://, naming the variable', () => {
    expect(() => loadConfig({ SMTP_URL: 'mail.example.com' })).toThrow('SMTP_URL must be a URL like smtps://user:password@host:465 (smtp:// or smtps://)');
  });
});
