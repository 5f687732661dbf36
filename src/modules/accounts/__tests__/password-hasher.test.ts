import { hashPassword, hashPasswordWithSalt, verifyPassword } from '../password-hasher';

const PHC = /^\$scrypt\$ln=17,r=8,p=1\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$/;

function base64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

describe('password hasher (scrypt, PHC string)', () => {
  let stored: string;

  beforeAll(async () => {
    stored = await hashPassword('correct horse battery staple');
  });

  it('stores a PHC string with the OWASP parameters, a 16-byte salt and a 32-byte key', () => {
    const match = PHC.exec(stored);
    expect(match).not.toBeNull();
    expect(Buffer.from(match![1], 'base64')).toHaveLength(16);
    expect(Buffer.from(match![2], 'base64')).toHaveLength(32);
  });

  it('verifies the right password and rejects others', async () => {
    await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapl', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('uses a fresh random salt for every hash', async () => {
    const again = await hashPassword('correct horse battery staple');
    expect(again).not.toBe(stored);
    expect(PHC.exec(again)![1]).not.toBe(PHC.exec(stored)![1]);
  });

  it('gives the same string for the same salt (what the seed relies on)', async () => {
    const salt = Buffer.alloc(16, 7);
    const first = await hashPasswordWithSalt('nexus-demo', salt);
    expect(await hashPasswordWithSalt('nexus-demo', salt)).toBe(first);
    expect(first).toMatch(PHC);
    await expect(verifyPassword('nexus-demo', first)).resolves.toBe(true);
    await expect(hashPasswordWithSalt('nexus-demo', Buffer.alloc(8))).rejects.toThrow(RangeError);
  });

  it('reads the parameters from the string: RFC 7914 test vector (N = 16384, r = 8, p = 1)', async () => {
    const key = Buffer.from(
      '7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887',
      'hex',
    );
    const phc = `$scrypt$ln=14,r=8,p=1$${base64(Buffer.from('SodiumChloride'))}$${base64(key)}`;
    await expect(verifyPassword('pleaseletmein', phc)).resolves.toBe(true);
    await expect(verifyPassword('pleaseletmeout', phc)).resolves.toBe(false);
  });

  it('treats canonically equivalent Unicode spellings as the same password', async () => {
    const composed = 'mot de passe é'; // U+00E9
    const decomposed = 'mot de passe e\u0301'; // e + combining acute accent
    const phc = await hashPasswordWithSalt(composed, Buffer.alloc(16, 1));
    await expect(verifyPassword(decomposed, phc)).resolves.toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'nexus-demo'],
    ['another algorithm', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA'],
    ['missing parts', '$scrypt$ln=17,r=8,p=1$'],
    ['an empty salt and key', '$scrypt$ln=17,r=8,p=1$$'],
    ['padded base64', '$scrypt$ln=17,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['characters outside base64', '$scrypt$ln=17,r=8,p=1$AAAA*AAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['non-canonical base64', '$scrypt$ln=17,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAB$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB'],
    ['a cost too high to compute', '$scrypt$ln=40,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['more memory than allowed', '$scrypt$ln=20,r=32,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a zero cost', '$scrypt$ln=0,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a truncated key', '$scrypt$ln=17,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAA'],
    ['trailing text', '$scrypt$ln=17,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$x'],
  ])('answers false, without throwing, for a malformed hash: %s', async (_case, phc) => {
    await expect(verifyPassword('nexus-demo', phc)).resolves.toBe(false);
  });

  it('answers false for values that are not strings', async () => {
    await expect(verifyPassword('nexus-demo', null as unknown as string)).resolves.toBe(false);
    await expect(verifyPassword(undefined as unknown as string, stored)).resolves.toBe(false);
  });
});
