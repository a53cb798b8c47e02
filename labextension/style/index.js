import './base.css';
import './versioning.css';
import './registry.css';
