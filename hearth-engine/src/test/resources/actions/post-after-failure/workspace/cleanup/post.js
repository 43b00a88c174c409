console.log(`post for fail=${process.env.STATE_id}`);
