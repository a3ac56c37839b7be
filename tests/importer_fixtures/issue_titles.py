"""A whole gazette issue whose documents are listed in its 目录 by title only (issue #15, third round), written by
the team after how county gazettes print them, every name and number invented: beside a notice with a 文号, a
rule passed at a meeting (title and 题注, no 版头, no 文号), a 政府工作报告 (——date-and-meeting subtitle and the
speaker) and a 公告 without a number; the 文号 printed in brackets under the title, alone or after the date (a
实施意见 without 落款); the 目录 spells two titles slightly otherwise than the body (half-width brackets, straight
quotes) and wraps one over two lines; a 任免 notice printed without its title (the 目录 has it).

Printed by Chromium like typeset.issue_html (cover, 目录, running head and page number on every page).
"""

from __future__ import annotations

from typeset import CSS

# (toc entry as printed, document HTML); the expected fields are in EXPECTED, in TOC order.
ENTRIES = [
    ("1、五台县人民政府关于印发五台县耕地保护补偿办法的通知　五政发〔2024〕17号……（3）", """
<h1>五台县人民政府<br>关于印发五台县耕地保护补偿办法的通知</h1><p class="number">（五政发〔2024〕17号）</p>
<p class="flush">各乡（镇）人民政府，县直各有关单位：</p>
<p>《五台县耕地保护补偿办法》已经县人民政府第24次常务会议研究通过，现印发给你们，请认真贯彻执行。</p>
<div class="signature"><p>五台县人民政府</p><p>2024年4月18日</p></div>"""),
    ("2、五台县农村集体资产管理办法(试行)……（5）", """
<h1>五台县农村集体资产管理办法（试行）</h1>
<p class="number">（2024年6月7日县人民政府第25次常务会议通过）</p>
<p>第一条　为了加强农村集体资产管理，维护农村集体经济组织及其成员的合法权益，根据有关法律、法规，结合本县实际，制定本办法。</p>
<p>第二条　本县行政区域内农村集体资产的管理，适用本办法。</p>
<p>第三条　本办法自2024年8月1日起施行。</p>"""),
    ("3、政府工作报告……（7）", """
<h1>政府工作报告</h1>
<p class="number">——2024年1月10日在五台县第十八届人民代表大会第三次会议上</p>
<p class="number">县长　刘建华</p>
<p class="flush">各位代表：</p>
<p>现在，我代表县人民政府，向大会报告工作，请予审议，并请县政协委员和其他列席人员提出意见。</p>
<p>过去的一年，全县地区生产总值增长5.6%，一般公共预算收入增长7.1%。</p>"""),
    ("4、五台县人民政府关于开展\"诚信经营、放心消费\"创建<br>活动的公告……（9）", """
<h1>五台县人民政府关于开展“诚信经营、放心消费”<br>创建活动的公告</h1>
<p>为营造安全放心的消费环境，县人民政府决定在全县开展“诚信经营、放心消费”创建活动。现将有关事项公告如下：</p>
<p>一、全县各类商场、超市、农贸市场、餐饮服务单位均应作出诚信经营承诺。</p>
<div class="signature"><p>五台县人民政府</p><p>2024年3月12日</p></div>"""),
    ("5、中共五台县委　五台县人民政府关于加快推进县域商业体系建设的实施意见　五发〔2024〕9号……（11）", """
<h1>中共五台县委　五台县人民政府<br>关于加快推进县域商业体系建设的实施意见</h1>
<p class="number">（2024年8月2日　五发〔2024〕9号）</p>
<p class="flush">各乡（镇）党委、人民政府，县委各部委，县直各单位：</p>
<p>为加快推进县域商业体系建设，促进农村消费提质扩容，结合我县实际，提出如下实施意见。</p>
<p>一、健全县乡村三级物流配送体系。到2025年，实现乡镇快递网点全覆盖。</p>"""),
    ("6、五台县人民政府关于王海涛等同志职务任免的通知　五政任〔2024〕4号……（13）", """
<p class="number">五政任〔2024〕4号</p>
<p class="flush">各乡（镇）人民政府，县直各有关单位：</p>
<p>经县人民政府第26次常务会议研究，决定：任命王海涛为五台县发展和改革局副局长；免去赵永刚的五台县交通运输局副局长职务。</p>
<div class="signature"><p>五台县人民政府</p><p>2024年5月15日</p></div>"""),
]

# title, doc_number, issuer, date, addressees, toc_title (None when the TOC spells it as the body does)
EXPECTED = [
    ("五台县人民政府关于印发五台县耕地保护补偿办法的通知", "五政发〔2024〕17号", "五台县人民政府", "2024-04-18",
     "各乡（镇）人民政府，县直各有关单位", None),
    ("五台县农村集体资产管理办法（试行）", "", "五台县人民政府", "2024-06-07", "", None),  # brackets fold alike
    ("政府工作报告", "", "", "2024-01-10", "", None),
    ("五台县人民政府关于开展“诚信经营、放心消费”创建活动的公告", "", "五台县人民政府", "2024-03-12", "",
     "五台县人民政府关于开展\"诚信经营、放心消费\"创建活动的公告"),
    ("中共五台县委 五台县人民政府关于加快推进县域商业体系建设的实施意见", "五发〔2024〕9号", "中共五台县委、五台县人民政府",
     "2024-08-02", "各乡（镇）党委、人民政府，县委各部委，县直各单位", None),
    ("五台县人民政府关于王海涛等同志职务任免的通知", "五政任〔2024〕4号", "五台县人民政府", "2024-05-15",
     "各乡（镇）人民政府，县直各有关单位", None),
]


# The same 目录 as many gazettes print it (国务院公报 among them): no serial numbers, the 文号 in brackets after
# the title, the page after dot leaders without brackets, the section's name in bold without 【】.
UNNUMBERED = [
    "五台县人民政府关于印发五台县耕地保护补偿办法的通知（五政发〔2024〕17号）……………3",
    "五台县农村集体资产管理办法(试行)……………5",
    "政府工作报告……………7",
    "五台县人民政府关于开展\"诚信经营、放心消费\"创建<br>活动的公告……………9",
    "中共五台县委　五台县人民政府关于加快推进县域商业体系建设的实施意见（五发〔2024〕9号）……………11",
    "五台县人民政府关于王海涛等同志职务任免的通知（五政任〔2024〕4号）……………13",
]


def issue_html(numbered: bool = True) -> str:
    """Cover, 目录 (one page; numbered entries, or UNNUMBERED), then each document on a page of its own."""
    out = [f"<style>{CSS}</style>", '<section class="cover page-break">', "<h1>五台县人民政府公报</h1>",
           "<p>2024年第2期</p>", "<p>（总第20期）</p>",
           "<p>五台县人民政府办公室主办　2024年1月1日-2024年6月30日</p></section>",
           '<section class="toc page-break">', "<h2>目　录</h2>",
           '<p class="cat">【县政府文件】</p>' if numbered else '<p class="cat"><b>县政府文件</b></p>']
    out += [f"<p>{entry}</p>" for entry in ([e for e, _ in ENTRIES] if numbered else UNNUMBERED)]
    out.append("</section>")
    out += [f'<section class="page-break">{doc}</section>' for _, doc in ENTRIES]
    return "<!doctype html><html lang='zh-CN'><meta charset='utf-8'>" + "\n".join(out) + "</html>"
