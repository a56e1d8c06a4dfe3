import { describe, expect, it } from 'vitest';
import { credentialBody } from './password-body';

describe('credentialBody', () => {
  it.each([
    'plain-password',
    'with "quotes" and \\backslashes\\',
    'control\u0001\n\tchars',
    'ünïcödé ✓ 🔑 密码',
    '</script><!-- ${x} %s',
  ])('builds valid JSON that carries %j exactly', (password) => {
    const buf = Buffer.from(password, 'utf8');
    const body = credentialBody('someone+tag@example.com', buf);
    expect(JSON.parse(body.toString('utf8'))).toEqual({
      username: 'someone+tag@example.com',
      password,
      rememberMe: false,
      captchaToken: '',
    });
    // The input Buffer is left for the caller to wipe; wiping the body wipes the only copy this made.
    body.fill(0);
    expect(body.every((b) => b === 0)).toBe(true);
    expect(buf.toString('utf8')).toBe(password);
  });
});
