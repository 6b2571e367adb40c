using System;
using System.Collections.Generic;

namespace TicketTriage.Model;

/// <summary>
/// The hashing trick: maps every word (unigram) and every pair of neighbouring words (bigram) of a
/// text straight to one of <see cref="BucketCount"/> buckets, with no vocabulary to build or store.
/// Words hash case-insensitively (FNV-1a over lower-cased characters, then a murmur finaliser);
/// numbers all hash as <see cref="Tokenizer.Number"/>. Collisions are rare at 2^18 buckets and cost little.
/// </summary>
public sealed class FeatureHasher
{
    /// <summary>The default number of hash bits: 2^18 = 262,144 buckets.</summary>
    public const int DefaultBits = 18;

    private static readonly uint NumberHash = HashWord(Tokenizer.Number);

    /// <summary>Creates a hasher with 2^<paramref name="bits"/> buckets.</summary>
    public FeatureHasher(int bits = DefaultBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 26);
        Bits = bits;
        BucketCount = 1 << bits;
        Mask = (uint)BucketCount - 1;
    }

    /// <summary>The number of hash bits.</summary>
    public int Bits { get; }

    /// <summary>The number of buckets: 2^<see cref="Bits"/>.</summary>
    public int BucketCount { get; }

    private uint Mask { get; }

    /// <summary>The bucket of every unigram and bigram of <paramref name="text"/>, in text order (repeats kept).</summary>
    public IReadOnlyList<int> Hash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buckets = new List<int>();
        foreach (int bucket in Features(text))
        {
            buckets.Add(bucket);
        }

        return buckets;
    }

    /// <summary>Enumerates the buckets of <paramref name="text"/> without allocating.</summary>
    public FeatureEnumerator Features(ReadOnlySpan<char> text) => new(Tokenizer.Enumerate(text), Mask);

    /// <summary>The hash of one word as the tokenizer gives it (lower-cased, apostrophes dropped).</summary>
    public static uint HashWord(ReadOnlySpan<char> word)
    {
        uint hash = 2166136261;
        foreach (char raw in word)
        {
            if (!Tokenizer.IsTokenChar(raw) && raw is not '<' and not '>')
            {
                continue;
            }

            char c = char.ToLowerInvariant(raw);
            hash = (hash ^ (byte)c) * 16777619;
            hash = (hash ^ (byte)(c >> 8)) * 16777619;
        }

        return Mix(hash);
    }

    private static uint Mix(uint hash)
    {
        hash ^= hash >> 16;
        hash *= 0x85EBCA6B;
        hash ^= hash >> 13;
        hash *= 0xC2B2AE35;
        hash ^= hash >> 16;
        return hash;
    }

    /// <summary>Walks the features of a text: each word's bucket, then the bucket of it paired with the word before.</summary>
    public ref struct FeatureEnumerator
    {
        private Tokenizer.TokenEnumerator tokens;
        private readonly uint mask;
        private uint previous;
        private bool hasPrevious;
        private int pendingBigram;

        internal FeatureEnumerator(Tokenizer.TokenEnumerator tokens, uint mask)
        {
            this.tokens = tokens;
            this.mask = mask;
            previous = 0;
            hasPrevious = false;
            pendingBigram = -1;
            Current = 0;
        }

        /// <summary>The current bucket.</summary>
        public int Current { get; private set; }

        /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
        public readonly FeatureEnumerator GetEnumerator() => this;

        /// <summary>Moves to the next feature.</summary>
        public bool MoveNext()
        {
            if (pendingBigram >= 0)
            {
                Current = pendingBigram;
                pendingBigram = -1;
                return true;
            }

            if (!tokens.MoveNext())
            {
                return false;
            }

            Tokenizer.Token token = tokens.Current;
            uint word = token.IsNumber ? NumberHash : HashWord(token.Span);
            Current = (int)(word & mask);
            if (hasPrevious)
            {
                // Order matters ("not working" is not "working not"): combine asymmetrically, then mix.
                pendingBigram = (int)(Mix((previous * 0x9E3779B1) ^ (word + 0x7F4A7C15)) & mask);
            }

            previous = word;
            hasPrevious = true;
            return true;
        }
    }
}
