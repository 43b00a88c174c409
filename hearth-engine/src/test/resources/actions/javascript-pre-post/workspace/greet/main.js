const fs = require('fs');
console.log(`Hello ${process.env['INPUT_WHO-TO-GREET']}! state from pre: ${process.env.STATE_from_pre}`);
fs.appendFileSync(process.env.GITHUB_OUTPUT, 'time=noon\n');
fs.appendFileSync(process.env.GITHUB_STATE, 'from_main=main-value\n');
console.log('::notice::greeted');
