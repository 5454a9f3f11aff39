// Runs the real CLI in a child process (through tsx), for tests that need signals and a listening server.
import { main } from '../../../../src/main.js';

process.exitCode = await main(process.argv.slice(2));
