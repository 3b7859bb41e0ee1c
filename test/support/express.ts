// The Express under test: 5, or 4 (the npm alias express4) when the jest project sets EXPRESS_MAJOR=4.
import type express5 from 'express';

export const EXPRESS_MAJOR: 4 | 5 = process.env.EXPRESS_MAJOR === '4' ? 4 : 5;

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const express: typeof express5 = EXPRESS_MAJOR === 4 ? require('express4') : require('express');

/** The version actually loaded, so a test can prove which Express ran. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const EXPRESS_VERSION: string = require(
  EXPRESS_MAJOR === 4 ? 'express4/package.json' : 'express/package.json',
).version;
