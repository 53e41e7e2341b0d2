/** A training script that only imports torch (no nn.Linear, nn.Sequential, attention or tag) is not read. */
export declare function mightHoldTorchModel(text: string): boolean;
