import { loadConfig } from '../../../config/config';
import { defaultServices } from '../../../graphql/context';
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

  it('rejects an SMTP_URL that is not smtp:// or smtps://, naming the variable', () => {
    expect(() => loadConfig({ SMTP_URL: 'mail.example.com' })).toThrow('SMTP_URL must be a URL like smtps://user:password@host:465 (smtp:// or smtps://)');
  });
});
