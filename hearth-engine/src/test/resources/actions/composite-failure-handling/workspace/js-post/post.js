console.log('nested post ' + process.env.STATE_k);
