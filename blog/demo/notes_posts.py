"""Demo posts in the notes category: how the site is written, and why."""

# Each Markdown paragraph is one line: a line break inside Chinese text would
# show as a space between characters.
# ruff: noqa: E501

from datetime import datetime

from .records import DemoPost

WELCOME = DemoPost(
    slug="welcome-how-posts-are-written",
    title="写在前面：本站的公式、代码与表格",
    category="notes",
    tags=("writing",),
    published=datetime(2019, 1, 6, 10, 0),
    pinned=True,
    body=r"""
这里写的多是数学、物理和机器学习的读书笔记，公式很多。开张之际，先把本站的写作格式说清楚：既是给自己立的规矩，也是给读者的一份阅读说明。评论区同样支持 Markdown 和公式，写法与正文一致。

<!--more-->

## 行内公式与行间公式

行内公式用一对美元符号包起来，例如勾股定理$a^2+b^2=c^2$，或者质能关系$E=mc^2$。公式可以直接贴着中文标点：能量$E$、质量$m$、光速$c$，三者的关系一目了然；也可以写成`\(...\)`的形式，效果相同。

行间公式用两对美元符号，它居中显示，但不编号：

$$\int_{-\infty}^{\infty} e^{-x^2}\,dx = \sqrt{\pi}$$

要在正文里引用的公式，写成`equation`环境并加上`\label`：

\begin{equation}
e^{i\theta} = \cos\theta + i\sin\theta \label{eq:euler-formula}
\end{equation}

之后写`\eqref{eq:euler-formula}`，就得到一个可以点击的编号。例如：在式\eqref{eq:euler-formula}中取$\theta=\pi$，立即得到$e^{i\pi}+1=0$。

多行推导用`align`环境，每一行各自编号，不需要编号的行加上`\notag`：

\begin{align}
(a+b)^2 &= (a+b)(a+b) \notag \\
        &= a^2 + ab + ba + b^2 \label{eq:expand} \\
        &= a^2 + 2ab + b^2 \label{eq:square}
\end{align}

从式\eqref{eq:expand}到式\eqref{eq:square}，用的是乘法交换律$ab=ba$。这一步对数成立，对矩阵却未必成立：一般来说$(A+B)^2 = A^2 + AB + BA + B^2$，只有当$AB=BA$时才能合并中间两项。

## 代码

代码用三个反引号围起来并注明语言，页面上会有语法高亮。代码里的美元符号只是字符，不会被当成公式：

```python
price = "$5"  # 这里的 $ 只是一个字符
budget = {"$": 5, "¥": 36}
print(f"{price} 不是公式")
```

## 表格

| 写法 | 效果 | 编号 |
|:---|:---|:---:|
| `$...$` | 行内公式 | 无 |
| `$$...$$` | 行间公式 | 无 |
| `\begin{equation}` | 行间公式 | 有 |
| `\begin{align}` | 多行对齐 | 逐行 |

## 其他约定

脚注这样写[^footnote]。文章较长、小标题较多时，页面顶部会自动生成目录。首页只显示每篇文章开头的一段摘要，摘要到正文中的 more 标记为止；没有标记时取前几段。

所有文章采用知识共享署名—非商业性使用—相同方式共享 4.0 协议，转载请注明出处，每篇文章末尾都附有现成的引用格式。

[^footnote]: 脚注会自动编号，集中出现在文章末尾，也可以包含公式，比如$\sum_{k=1}^{n} k = \frac{n(n+1)}{2}$。
""",
)

CHECKING = DemoPost(
    slug="checking-formulas-with-python",
    title="为什么我用 Python 验算每一个公式",
    category="notes",
    tags=("python", "writing", "series"),
    published=datetime(2024, 10, 12, 21, 15),
    body=r"""
写数学博客久了，我养成一个习惯：凡是正文里出现的求和公式、积分值、数值表格，发表之前都用几行 Python 验算一遍。推导可以写得很漂亮，但一个下标错位、一个边界差一，读者往往要花一个晚上才能发现。

<!--more-->

举个例子。立方和公式说

\begin{equation}
\sum_{k=1}^{n} k^3 = \left(\frac{n(n+1)}{2}\right)^2 \label{eq:cubes}
\end{equation}

也就是说，前$n$个正整数的立方和恰好等于它们的和的平方。用数学归纳法证明并不难：假设式\eqref{eq:cubes}对$n$成立，那么

\begin{align}
\sum_{k=1}^{n+1} k^3 &= \frac{n^2(n+1)^2}{4} + (n+1)^3 \notag \\
&= \frac{(n+1)^2\left(n^2 + 4n + 4\right)}{4} = \left(\frac{(n+1)(n+2)}{2}\right)^2. \notag
\end{align}

但在动笔写证明之前，我会先让计算机确认它至少对前几百个$n$成立：

```python
def check_cubes(n_max=500):
    total = 0
    for n in range(1, n_max + 1):
        total += n**3
        assert total == (n * (n + 1) // 2) ** 2, n
    return "前 %d 项全部成立" % n_max


print(check_cubes())
```

整数运算是精确的，所以这里可以放心地用`==`比较。分数就要小心一些：浮点数会带来舍入误差，这时我用标准库里的`fractions.Fraction`。比如裂项求和

$$\sum_{k=1}^{n}\frac{1}{k(k+1)} = \sum_{k=1}^{n}\left(\frac{1}{k}-\frac{1}{k+1}\right) = 1-\frac{1}{n+1},$$

草稿里我曾把右边写成$1-\frac{1}{n}$，只差一个下标，用下面几行立刻就暴露了：

```python
from fractions import Fraction

for n in range(1, 6):
    s = sum(Fraction(1, k * (k + 1)) for k in range(1, n + 1))
    print(n, s, 1 - Fraction(1, n + 1), 1 - Fraction(1, n))
```

当然，数值验算不能代替证明[^proof]：它只能告诉你“没发现反例”。可是对于一篇博客来说，“没发现反例”已经能挡住绝大多数笔误。对我而言，它更大的好处是心理上的：写到第三十个公式时，我仍然敢相信第一个公式是对的。

[^proof]: 经典的反面教材是$n^2+n+41$：它对$n=0,1,\dots,39$都给出素数，但$n=40$时等于$41^2$。
""",
)

POSTS = [WELCOME, CHECKING]
