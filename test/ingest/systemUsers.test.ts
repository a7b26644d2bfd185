import { describe, expect, it } from 'vitest';
import { storedSystemReason, systemOwnerMatcher, systemUserReason } from '../../src/ingest/values/systemUsers.js';

const user = (facts: Partial<{ name: string; userType: string; username: string }>) => ({
  name: 'Dana Whitfield',
  userType: 'Standard',
  username: 'dana@acme.example',
  ...facts,
});

describe('systemUserReason', () => {
  it('takes a UserType other than Standard', () => {
    expect(systemUserReason(user({ userType: 'AutomatedProcess' }))).toBe('UserType AutomatedProcess');
    expect(systemUserReason(user({ userType: 'CsnOnly' }))).toBe('UserType CsnOnly');
  });

  it("takes Salesforce's technical usernames, whatever their case, though they are Standard", () => {
    for (const username of [
      'integration@00d5g000004abcd.com',
      'InsightsIntegration@00D5g000004ABCD.com',
      'insightssecurity@00d5g000004abcd.com',
      'autoproc@00d5g000004abcd',
      'noreply@00D5g000004abcd',
    ]) {
      expect(systemUserReason(user({ username })), username).toBe(`Salesforce technical user (username ${username})`);
    }
  });

  it("takes Salesforce's technical users' names", () => {
    for (const name of [
      'Integration User',
      'Security User',
      'automated  process',
      'Platform Integration User',
      'Chatter Expert',
    ]) {
      expect(systemUserReason(user({ name })), name).toBe(`Salesforce technical user (${name.trim()})`);
    }
  });

  it('leaves ordinary users alone: lookalike names and usernames are people', () => {
    for (const facts of [
      {},
      { userType: '' },
      { userType: 'user' },
      { name: 'Integration Team Lead' },
      { username: 'integration@acme.example' },
      { username: 'dana.integration@00d.example' },
    ]) {
      expect(systemUserReason(user(facts)), JSON.stringify(facts)).toBeUndefined();
    }
  });
});

describe('systemOwnerMatcher (config systemOwners)', () => {
  const owner = { id: '005x0000000fNSiAAM', email: 'sync@acme.example', name: 'Data Sync' };
  it('matches by id (either Salesforce length), email or name, emails and names folded', () => {
    expect(systemOwnerMatcher(['005x0000000fNSi'])(owner)).toBe(true);
    expect(systemOwnerMatcher(['005x0000000fNSiAAM'])(owner)).toBe(true);
    expect(systemOwnerMatcher(['SYNC@acme.example'])(owner)).toBe(true);
    expect(systemOwnerMatcher(['data   sync'])(owner)).toBe(true);
    expect(systemOwnerMatcher(['005x0000000fNSj', 'Data', 'other@acme.example'])(owner)).toBe(false);
    expect(systemOwnerMatcher([])(owner)).toBe(false);
  });

  it('says why a stored system owner is one', () => {
    expect(storedSystemReason(owner, ['Data Sync'])).toBe('config systemOwners');
    expect(storedSystemReason({ ...owner, name: 'Security User' }, [])).toBe(
      'Salesforce technical user (Security User)',
    );
    expect(storedSystemReason(owner, [])).toBe('UserType not Standard, or a Salesforce technical username');
  });
});
