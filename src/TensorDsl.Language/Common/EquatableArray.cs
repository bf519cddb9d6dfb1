using System;
using System.Collections;
using System.Collections.Generic;

namespace TensorDsl.Language
{
    /// <summary>
    /// An immutable array with value equality, so that records holding it compare by content.
    /// The incremental generator relies on this: a model that compares equal is not re-emitted.
    /// </summary>
    public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
        where T : IEquatable<T>
    {
        private readonly T[]? _items;

        /// <summary>Wraps <paramref name="items"/>; the caller must not mutate it afterwards.</summary>
        public EquatableArray(T[] items) => _items = items;

        /// <summary>An empty array.</summary>
        public static EquatableArray<T> Empty => new EquatableArray<T>(Array.Empty<T>());

        /// <summary>Number of elements.</summary>
        public int Count => _items?.Length ?? 0;

        /// <summary>The element at <paramref name="index"/>.</summary>
        public T this[int index] => _items![index];

        /// <inheritdoc/>
        public bool Equals(EquatableArray<T> other)
        {
            var a = _items ?? Array.Empty<T>();
            var b = other._items ?? Array.Empty<T>();
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
            {
                if (!EqualityComparer<T>.Default.Equals(a[i], b[i])) return false;
            }
            return true;
        }

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode()
        {
            int hash = 17;
            foreach (var item in _items ?? Array.Empty<T>())
            {
                hash = unchecked(hash * 31 + (item?.GetHashCode() ?? 0));
            }
            return hash;
        }

        /// <summary>Value equality.</summary>
        public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

        /// <summary>Value inequality.</summary>
        public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

        /// <summary>A copy of the elements.</summary>
        public T[] ToArray() => (T[])(_items ?? Array.Empty<T>()).Clone();

        /// <inheritdoc/>
        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Helpers to build <see cref="EquatableArray{T}"/>.</summary>
    public static class EquatableArray
    {
        /// <summary>Copies <paramref name="items"/> into an equatable array.</summary>
        public static EquatableArray<T> From<T>(IEnumerable<T> items) where T : IEquatable<T>
            => new EquatableArray<T>(new List<T>(items).ToArray());
    }
}
