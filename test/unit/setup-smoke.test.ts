import { Octokit } from '@octokit/rest';
import { parseDocument } from 'yaml';

test('ESM packages load under jest', () => {
  expect(typeof new Octokit().rest.repos.get).toBe('function');
  expect(parseDocument('a: 1').get('a')).toBe(1);
});
