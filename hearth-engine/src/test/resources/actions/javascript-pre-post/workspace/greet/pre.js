const fs = require('fs');
console.log(`pre: input=${process.env['INPUT_WHO-TO-GREET']}`);
fs.appendFileSync(process.env.GITHUB_STATE, 'from_pre=pre-value\n');
