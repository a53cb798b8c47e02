/** The ModelDB side-panel icon: a small rising line chart over a baseline (theme-coloured via jp-icon3). */
import { LabIcon } from '@jupyterlab/ui-components';

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <path d="M3 3h2v16h16v2H3z"/>
    <path d="M7.3 15.7 6 14.3l4.5-4.6 3 3 4.8-5.2H16V6h5v5h-1.5V8.9l-6 6.3-3-3z"/>
  </g>
</svg>`;

export const modeldbIcon = new LabIcon({ name: 'modeldb-jupyter:panel', svgstr: SVG });
