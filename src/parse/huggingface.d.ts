import type { JsonValue } from './json';
import { type ParseOptions } from './checks';
import { type FrontEndResult } from './scalingModel';
import { LineIndex } from './text';
/** Aliases, first match wins: GPT-2 names, BERT/LLaMA names, T5/BART/Whisper names, DistilBERT names. */
export declare const HF_KEYS: {
    readonly hidden: readonly ["hidden_size", "n_embd", "d_model", "dim"];
    readonly heads: readonly ["num_attention_heads", "n_head", "num_heads", "encoder_attention_heads", "n_heads"];
    readonly layers: readonly ["num_hidden_layers", "n_layer", "num_layers", "encoder_layers", "n_layers"];
    readonly encoderLayers: readonly ["encoder_layers", "num_layers", "num_hidden_layers", "n_layers"];
    readonly decoderLayers: readonly ["decoder_layers", "num_decoder_layers"];
    readonly context: readonly ["max_position_embeddings", "n_positions", "n_ctx", "max_seq_len", "seq_length"];
    readonly encoderContext: readonly ["max_source_positions", "max_position_embeddings", "n_positions", "max_seq_len"];
    readonly decoderContext: readonly ["max_target_positions"];
    readonly inner: readonly ["intermediate_size", "n_inner", "d_ff", "ffn_dim", "encoder_ffn_dim", "hidden_dim"];
    readonly norm: readonly ["layer_norm_eps", "layer_norm_epsilon", "rms_norm_eps"];
    readonly vocab: readonly ["vocab_size"];
    readonly kvHeads: readonly ["num_key_value_heads", "n_head_kv", "multi_query_group_num"];
    readonly experts: readonly ["num_local_experts", "num_experts", "n_routed_experts", "num_routed_experts", "moe_num_experts", "num_moe_experts"];
    readonly expertsPerToken: readonly ["num_experts_per_tok", "num_experts_per_token", "moe_topk", "top_k"];
};
export declare function isHuggingFaceConfig(root: JsonValue): boolean;
export declare function readHuggingFaceConfig(text: string, lines: LineIndex, root: JsonValue, options?: ParseOptions): FrontEndResult;
