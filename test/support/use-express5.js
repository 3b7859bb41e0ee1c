// jest setupFiles for the "express5" project.
process.env.EXPRESS_MAJOR = '5';
