import { describe, it, expect } from 'vitest';
import { Redactor } from '../../src-main/core/redactor';

describe('Redactor', () => {
  it('leaves text alone while it knows no secret', () => {
    expect(new Redactor().redact('Access denied for user app@10.0.0.5')).toBe('Access denied for user app@10.0.0.5');
  });

  it('replaces every occurrence of a remembered password', () => {
    const redactor = new Redactor();
    redactor.remember('hunter22');
    expect(redactor.redact("connect failed with password 'hunter22'; retried with hunter22")).toBe(
      "connect failed with password '******'; retried with ******",
    );
  });

  it('replaces every remembered password', () => {
    const redactor = new Redactor();
    redactor.remember('first-secret');
    redactor.remember('second-secret');
    expect(redactor.redact('a=first-secret b=second-secret c=third')).toBe('a=****** b=****** c=third');
  });

  it('treats characters that are special in patterns literally', () => {
    const redactor = new Redactor();
    redactor.remember('p.ss*w(rd)$1');
    expect(redactor.redact('pass p.ss*w(rd)$1 and pXssXw(rd)$1')).toBe('pass ****** and pXssXw(rd)$1');
  });

  it('finds a password inside a longer word', () => {
    const redactor = new Redactor();
    redactor.remember('Secr3t');
    expect(redactor.redact('mysql://app:Secr3t@db:3306/shop')).toBe('mysql://app:******@db:3306/shop');
  });

  it('ignores secrets shorter than 4 characters, which would blank ordinary words', () => {
    const redactor = new Redactor();
    redactor.remember('abc');
    redactor.remember('');
    expect(redactor.redact('abc def')).toBe('abc def');
    redactor.remember('abcd');
    expect(redactor.redact('abcd abc')).toBe('****** abc');
  });

  it('remembers a secret once however often it is given', () => {
    const redactor = new Redactor();
    redactor.remember('repeated');
    redactor.remember('repeated');
    expect(redactor.redact('repeated')).toBe('******');
  });

  it('keeps redactors apart', () => {
    const a = new Redactor();
    a.remember('only-in-a');
    expect(new Redactor().redact('only-in-a')).toBe('only-in-a');
  });

  // Known gaps, kept visible: each of these passes while the leak exists and
  // fails once it is fixed (then drop `.fails`). See the test report.
  it('hides all of a password that contains a shorter remembered one', () => {
    const redactor = new Redactor();
    redactor.remember('pass');
    redactor.remember('password-42');
    expect(redactor.redact('login with password-42')).toBe('login with ******');
  });

  it('hides a password written JSON-escaped', () => {
    const redactor = new Redactor();
    redactor.remember('pa"ss\\wd');
    expect(redactor.redact(JSON.stringify({ pw: 'pa"ss\\wd' }))).toBe('{"pw":"******"}');
  });
});
