console.log('nested main'); require('fs').appendFileSync(process.env.GITHUB_STATE, 'k=v\n');
