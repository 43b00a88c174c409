require('fs').appendFileSync(process.env.GITHUB_STATE, `id=${process.env.INPUT_FAIL}\n`);
console.log(`main fail=${process.env.INPUT_FAIL}`);
if (process.env.INPUT_FAIL === 'yes') process.exit(2);
