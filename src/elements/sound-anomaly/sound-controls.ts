/** The control bar: add clips with a label, choose the model, train or cancel, listen, export and import. */
import { html, nothing } from 'lit';
import type {
  SoundMode,
  SoundTrainProgress,
  SupervisedMethod,
  UnsupervisedMethod,
} from '../../contracts/sound.js';
import { AUDIO_FILE } from '../../page/media/audio-source.js';
import { type ClipLabel, labelOptions } from './clip-table.js';

export interface ControlsView {
  newLabel: ClipLabel;
  mode: SoundMode;
  method: UnsupervisedMethod;
  classifier: SupervisedMethod;
  training: boolean;
  listening: boolean;
  trained: boolean;
}

export interface ControlsActions {
  setNewLabel(label: ClipLabel): void;
  /** The model choice: the mode, and the method of that mode. */
  setModel(choice: Partial<Pick<ControlsView, 'mode' | 'method' | 'classifier'>>): void;
  addFiles(files: Iterable<File>): void;
  train(): void;
  cancel(): void;
  toggleListening(): void;
  exportModel(): unknown;
  importModel(file: File): void;
}

/** The model choices: the unsupervised methods on normal clips, and the CNN. */
const MODELS: readonly (readonly [string, string])[] = [
  ['subspace', 'Normal clips: subspace (default)'],
  ['gaussian', 'Normal clips: Gaussian distance'],
  ['knn', 'Normal clips: nearest clip'],
  ['autoencoder', 'Normal clips: autoencoder'],
  ['logistic', 'Labelled clips: logistic (fast)'],
  ['cnn', 'Labelled clips: spectrogram CNN'],
];

const modelValue = (view: ControlsView) => (view.mode === 'supervised' ? view.classifier : view.method);

function pickModel(value: string, act: ControlsActions): void {
  if (value === 'logistic' || value === 'cnn') act.setModel({ mode: 'supervised', classifier: value });
  else act.setModel({ mode: 'unsupervised', method: value as UnsupervisedMethod });
}

const selected = (e: Event) => (e.target as HTMLSelectElement).value;
/** Audio files only: a chosen folder may hold anything. */
const audio = (files: Iterable<File>) =>
  [...files].filter((f) => AUDIO_FILE.test(f.name) || f.type.startsWith('audio/'));

export function soundControls(view: ControlsView, act: ControlsActions) {
  const picked = (e: Event) => act.addFiles(audio((e.target as HTMLInputElement).files ?? []));
  const drop = (e: DragEvent) => {
    e.preventDefault();
    act.addFiles(audio(e.dataTransfer?.files ?? []));
  };
  const imported = (e: Event) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) act.importModel(file);
  };
  return html`<div part="controls" class="controls" @dragover=${(e: DragEvent) => e.preventDefault()} @drop=${drop}>
    <label>New clips are
      <select @change=${(e: Event) => act.setNewLabel(selected(e) as ClipLabel)}>
        ${labelOptions(view.newLabel)}
      </select>
    </label>
    <label class="file-button">Add sound files…<input type="file" accept="audio/*,.wav" multiple @change=${picked} /></label>
    <label class="file-button">Add a folder…<input type="file" webkitdirectory multiple @change=${picked} /></label>
    <label>Model
      <select @change=${(e: Event) => pickModel(selected(e), act)}>
        ${MODELS.map(([value, text]) => html`<option value=${value} ?selected=${value === modelValue(view)}>${text}</option>`)}
      </select>
    </label>
    <button @click=${act.train} ?disabled=${view.training}>Train</button>
    <button @click=${act.cancel} ?disabled=${!view.training}>Cancel training</button>
    <button @click=${act.toggleListening} aria-pressed=${view.listening}>${view.listening ? 'Stop microphone' : 'Listen to the microphone'}</button>
    <button @click=${act.exportModel} ?disabled=${!view.trained}>Export model</button>
    <label class="file-button">Import model…<input type="file" accept="application/json,.json" @change=${imported} /></label>
  </div>`;
}

/** Training's progress bar and the current model, epoch and loss. */
export function trainingProgress(p: SoundTrainProgress | null) {
  if (!p) return nothing;
  return html`<progress part="progress" max=${p.folds * p.epochs} .value=${(p.fold - 1) * p.epochs + p.epoch} aria-label="Training progress"></progress><span>model ${p.fold}/${p.folds}, epoch ${p.epoch}/${p.epochs}, loss ${p.loss.toFixed(4)}</span>`;
}
