import { hardcodedContainerCredentials } from '../../../../src/harden/rules/hardcoded-container-credentials/hardcoded-container-credentials.js';
import { runHarden, yaml } from '../../../support/run-harden.js';

const WF = '.github/workflows/test.yml';
const rules = [hardcodedContainerCredentials];

async function findings(src: string) {
  const r = await runHarden({ [WF]: src }, { rules });
  expect(r.changed).toEqual([]);
  return r.file(WF).findings;
}

describe('hardcoded-container-credentials', () => {
  test("zizmor's example: the container's and a service's password, each on its line", async () => {
    const src = yaml(
      'on:',
      '  push:',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    container:',
      '      image: fake.example.com/example',
      '      credentials:',
      '        username: user',
      '        password: hackme',
      '    services:',
      '      service-1:',
      '        image: fake.example.com/anotherexample',
      '        credentials:',
      '          username: user',
      '          password: hackme',
      '    steps:',
      "      - run: echo 'hello!'",
    );
    expect(await findings(src)).toEqual([
      {
        rule: 'hardcoded-container-credentials',
        severity: 'high',
        confidence: 'high',
        path: WF,
        line: 10,
        column: 9,
        message:
          'job test container has its registry password written in the workflow; anyone who can read the repository can use it',
        fixed: false,
        help: hardcodedContainerCredentials.help,
      },
      expect.objectContaining({
        line: 16,
        column: 11,
        message: expect.stringContaining('job test service service-1 has its registry password'),
      }),
    ]);
  });

  test('a password from one whole expression is not hard-coded; one with literal text around it is', async () => {
    const src = yaml(
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    container: {image: ghcr.io/o/i, credentials: {username: u, password: "${{ secrets.GHCR }}"}}',
      '    services:',
      '      db:',
      '        image: ghcr.io/o/db',
      '        credentials: {username: u, password: "pre-${{ secrets.X }}"}',
      '      cache:',
      '        image: ghcr.io/o/cache',
      '        credentials:',
      '          username: u',
      "          password: ''",
      '    steps: [{run: make}]',
    );
    expect((await findings(src)).map((f) => [f.line, f.message.slice(0, 22)])).toEqual([[9, 'job a service db has i']]);
  });

  test('an alias of a literal is reported; CRLF and a rampart ignore comment', async () => {
    const src = yaml(
      'on: push',
      'x-password: &pw hackme',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    container:',
      '      image: ghcr.io/o/i',
      '      credentials:',
      '        username: u',
      '        password: *pw',
      '  b:',
      '    runs-on: ubuntu-latest',
      '    container:',
      '      image: ghcr.io/o/i',
      '      credentials:',
      '        # rampart: ignore[hardcoded-container-credentials]',
      '        password: hackme',
    ).replace(/\n/g, '\r\n');
    const r = await runHarden({ [WF]: src }, { rules });
    expect(r.file(WF).findings.map((f) => f.line)).toEqual([10]);
    expect(r.file(WF).suppressed).toEqual({ 'hardcoded-container-credentials': 1 });
  });
});
