/**
 * Prints the bin folder of the pinned Python tools (requirements.txt beside this file), installing
 * them first when needed: for suites outside the root project (the backend's) that run one.
 */
import { ensurePythonTools } from '../lib/python-tools';

console.log(ensurePythonTools((line) => console.error(line)));
