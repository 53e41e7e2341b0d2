#!/usr/bin/env node
// The command line's entry: the bundled CLI (`npm run build` writes dist/cli.js).
require('../dist/cli.js').main();
