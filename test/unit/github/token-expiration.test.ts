import { parseTokenExpiration } from '../../../src/github/token-expiration.js';

test.each([
  ['2021-10-07 19:07:53 UTC', '2021-10-07T19:07:53.000Z'],
  ['2021-10-07 19:07:53 +0900', '2021-10-07T10:07:53.000Z'],
  ['2021-10-07 19:07:53 -05:30', '2021-10-08T00:37:53.000Z'],
  ['2021-10-07T19:07:53Z', '2021-10-07T19:07:53.000Z'],
  ['2021-10-07 19:07', '2021-10-07T19:07:00.000Z'],
  ['next tuesday', null],
  ['', null],
  [undefined, null],
])('GitHub-Authentication-Token-Expiration %j', (header, expected) => {
  expect(parseTokenExpiration(header)).toBe(expected);
});
