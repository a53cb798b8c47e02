import './base.css';
import './versioning.css';
