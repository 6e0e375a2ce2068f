import './cspStyleAttributes';
import { render } from 'preact';
import { App } from './App';
import { HostConnection } from './hostConnection';
import { registerToolkit } from './toolkit';

registerToolkit();
render(<App host={new HostConnection()} />, document.getElementById('root')!);
