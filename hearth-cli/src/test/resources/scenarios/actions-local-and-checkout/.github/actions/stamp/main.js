require('fs').appendFileSync(process.env.GITHUB_STATE, `label=${process.env.INPUT_LABEL}\n`);
console.log(`js-main ran with ${process.env.INPUT_LABEL}`);
