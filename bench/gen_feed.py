#!/usr/bin/python3
"""Writes the benchmark's large feed: RSS 2.0, 2,000 items of Chinese text, about 3 MB.

The text is assembled from a small vocabulary written for this generator (no third-party text),
with a fixed seed so every run measures the same bytes. Some items carry HTML in CDATA, some
plain escaped text, as real feeds do.

usage: gen_feed.py OUT.xml [--items N]
"""
import argparse
import random
from xml.sax.saxutils import escape

PLACES = ["上海市", "北京市", "杭州市", "成都市", "武汉市", "广州市", "南京市", "合肥市",
          "青岛市", "厦门市", "长沙市", "西安市", "重庆市", "深圳市", "苏州市", "宁波市"]
BODIES = ["经济和信息化局", "科学技术委员会", "发展和改革委员会", "人民政府办公厅",
          "文化和旅游局", "商务局", "数据局", "工业和信息化厅"]
TOPICS = ["元宇宙", "虚拟现实", "数字孪生", "人工智能", "智能制造", "低空经济", "新能源汽车",
          "集成电路", "生物医药", "数字经济", "工业互联网", "现代农业", "文旅消费"]
KINDS = ["行动计划", "实施方案", "若干措施", "扶持政策", "征求意见稿", "工作要点"]
CLAUSES = [
    "提出到{year}年{topic}相关产业规模达到{num}亿元",
    "培育{small}家以上具有核心竞争力的龙头企业",
    "打造{small}个以上典型应用场景和示范项目",
    "对符合条件的重点项目给予最高{small}00万元补贴",
    "加快建设公共服务平台和创新载体",
    "推动产业链上下游协同发展，完善人才引进和培养机制",
    "鼓励金融机构加大对中小企业的信贷支持力度",
    "支持高校、科研院所与企业联合开展关键技术攻关",
    "优化营商环境，提升政务服务数字化水平",
    "各区县要结合实际制定配套政策，确保各项任务落到实处",
    "会议强调，要坚持稳中求进工作总基调，统筹发展和安全",
    "记者从新闻发布会上获悉，相关工作已取得阶段性成效",
]


def sentence(rng, topic):
    parts = rng.sample(CLAUSES, 3)
    return "，".join(p.format(year=rng.randint(2024, 2030), topic=topic,
                              num=rng.randint(50, 3000), small=rng.randint(2, 99))
                     for p in parts) + "。"


def item(rng, n):
    place, body, topic, kind = (rng.choice(PLACES), rng.choice(BODIES), rng.choice(TOPICS),
                                rng.choice(KINDS))
    title = f"{place}{body}印发{topic}产业发展{kind}"
    paragraphs = [f"{place}{body}近日印发《{place}{topic}产业发展{kind}》。" + sentence(rng, topic)]
    while sum(len(p) for p in paragraphs) < 420:
        paragraphs.append(sentence(rng, topic))
    day = 1 + n % 28
    pub = f"{['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][n % 7]}, {day:02d} Mar 2024 " \
          f"{n % 24:02d}:{n % 60:02d}:00 +0800"
    if n % 2 == 0:
        desc = "<![CDATA[" + "".join(f"<p>{p}</p>" for p in paragraphs) + "]]>"
    else:
        desc = escape("\n".join(paragraphs))
    return (f"<item><title>{escape(title)}</title>"
            f"<link>http://bench.invalid/news/{n}.html</link>"
            f"<guid isPermaLink=\"false\">bench-{n}</guid>"
            f"<pubDate>{pub}</pubDate><category>{escape(topic)}</category>"
            f"<description>{desc}</description></item>\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--items", type=int, default=2000)
    args = ap.parse_args()
    rng = random.Random(20240310)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                "<title>基准测试新闻源</title><link>http://bench.invalid/</link>"
                "<description>生成的基准测试数据</description>\n")
        for n in range(args.items):
            f.write(item(rng, n))
        f.write("</channel></rss>\n")


if __name__ == "__main__":
    main()
