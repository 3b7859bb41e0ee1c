// jest setupFiles for the "express4" project.
process.env.EXPRESS_MAJOR = '4';
