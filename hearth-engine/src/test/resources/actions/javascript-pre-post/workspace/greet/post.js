console.log(`post: ${process.env.STATE_from_pre} ${process.env.STATE_from_main}`);
