import './node-main-setup.cjs';
import {MathJax} from './node-main.js';
export default MathJax;
export const init = MathJax.init;
