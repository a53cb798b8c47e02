import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // JupyterLab and Lumino ship ES modules without "type": "module": let Vite transform them.
    server: { deps: { inline: [/@jupyterlab\//, /@lumino\//] } }
  }
});
