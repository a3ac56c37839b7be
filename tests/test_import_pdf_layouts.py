"""PDF input of real-world header layouts (issue #15), typeset by the team with Chromium print-to-PDF:
title above the 文号 over two centred lines with a 主送 wrapped over two printed lines, numbered
paragraphs wrapped at the margin, a 规章 with its promulgation note, joint issuers on one 版头 and one
落款 line, and a table printed without rules (cells known only from their positions)."""

from __future__ import annotations

from pathlib import Path

from test_import_pdf import _doc, _only


def test_title_over_two_lines_above_the_number_and_a_wrapped_addressee(browser, tmp_path: Path):
    body = """<h1>山城市人民政府办公室关于做好2024年安全生产<br>月活动和安全隐患大排查大整治工作的通知</h1>
<p class="c">山市府办〔2024〕15号</p>
<p class="f">各县（市、区）人民政府，市政府各部门，市直各有关单位，各驻市单位，各重点企业集团，各工业园区管委会：</p>
<p>为深入贯彻落实党中央、国务院关于安全生产工作的决策部署，经市政府同意，现就有关事项通知如下：</p>
<p>一、总体要求</p>
<p>（一）强化组织领导，落实安全生产工作领导责任和部门监管责任，层层压实，确保各项任务落到实处，不留死角。</p>
<p>（二）突出重点行业领域，聚焦矿山、危险化学品、道路运输、建筑施工等重点行业领域开展隐患排查整治。</p>
<p class="r">山城市人民政府办公室</p><p class="r">2024年5月28日</p><p>（此件公开发布）</p>"""
    run = _doc(browser, tmp_path, "title-first", body)
    assert run.returncode == 0, run.stdout + run.stderr
    fm, text = _only(tmp_path)
    assert fm["title"] == "山城市人民政府办公室关于做好2024年安全生产月活动和安全隐患大排查大整治工作的通知"
    assert (fm["doc_number"], fm["issuer"], str(fm["date"])) == ("山市府办〔2024〕15号", "山城市人民政府办公室", "2024-05-28")
    assert fm["addressees"] == ("各县（市、区）人民政府，市政府各部门，市直各有关单位，各驻市单位，各重点企业集团，"
                                "各工业园区管委会")
    # Every numbered paragraph of the print is one paragraph, whatever the wrap.
    assert "\n（一）强化组织领导，落实安全生产工作领导责任和部门监管责任，层层压实，确保各项任务落到实处，不留死角。\n" in text
    assert "\n（二）突出重点行业领域，聚焦矿山、危险化学品、道路运输、建筑施工等重点行业领域开展隐患排查整治。\n" in text
    assert "丢失字符数：0" in run.stdout


def test_rule_with_promulgation_note_and_articles(browser, tmp_path: Path):
    body = """<p class="c" style="color:#c00;font-size:26pt">山城市人民政府规章</p>
<h1>山城市公共场所控制吸烟管理办法</h1>
<p class="c">（2024年12月24日山城市人民政府第314号令发布　自2025年3月1日起施行）</p>
<p class="c">第一章　总　　则</p>
<p>第一条　为了减少吸烟造成的危害，维护公众健康，创造良好的公共场所卫生环境，根据有关法律法规，结合本市实际，制定本办法。</p>
<p>第二条　本市行政区域内公共场所控制吸烟工作，适用本办法。</p>"""
    run = _doc(browser, tmp_path, "rule", body)
    assert run.returncode == 0, run.stdout + run.stderr
    fm, text = _only(tmp_path)
    assert (fm["title"], fm["issuer"], str(fm["date"])) == ("山城市公共场所控制吸烟管理办法", "山城市人民政府", "2024-12-24")
    assert "山城市人民政府令第314号" in run.stdout
    assert "山城市人民政府规章" not in text and "|" not in text
    assert "\n第一条 为了减少吸烟造成的危害，维护公众健康，创造良好的公共场所卫生环境，根据有关法律法规，结合本市实际，制定本办法。\n" in text


def test_joint_issuers_on_one_masthead_and_one_signature_line(browser, tmp_path: Path):
    body = """<p class="c" style="color:#c00;font-size:22pt">山城市财政局　山城市农业农村局文件</p>
<p class="c">山财农〔2023〕21号</p>
<h1>山城市财政局　山城市农业农村局<br>关于下达2023年农业保险保费补贴资金的通知</h1>
<p class="f">各县（市、区）财政局、农业农村局：</p>
<p>根据《山城市农业保险保费补贴管理办法》，现将2023年农业保险保费补贴资金下达给你们，请按规定及时拨付。</p>
<p class="r">山城市财政局　　　　山城市农业农村局</p><p class="r">2023年6月2日</p>"""
    run = _doc(browser, tmp_path, "joint", body)
    assert run.returncode == 0, run.stdout + run.stderr
    fm, text = _only(tmp_path)
    assert fm["title"] == "山城市财政局 山城市农业农村局关于下达2023年农业保险保费补贴资金的通知"
    assert fm["issuer"] == "山城市财政局、山城市农业农村局" and fm["doc_number"] == "山财农〔2023〕21号"
    assert "山城市财政局 山城市农业农村局文件" not in text and "山城市财政局　山城市农业农村局文件" not in text


def test_table_without_rules_is_rebuilt_from_cell_positions(browser, tmp_path: Path):
    body = """<h1>山城县财政局关于下达2023年度乡镇财政所业务经费的通知</h1><p class="c">山财发〔2023〕5号</p>
<p class="f">各乡（镇）财政所：</p><p>现将2023年度乡镇财政所业务经费下达给你们，请按规定使用。</p>
<table style="border:0;width:80%;margin:0 auto"><style>.u td{border:0;padding:2pt 6pt;font-size:12pt}</style>
<tr class="u"><td>序号</td><td>乡镇</td><td style="text-align:center">人数</td><td style="text-align:right">金额（万元）</td></tr>
<tr class="u"><td>1</td><td>台城镇</td><td style="text-align:center">6</td><td style="text-align:right">12.5</td></tr>
<tr class="u"><td>2</td><td>东冶镇</td><td style="text-align:center"></td><td style="text-align:right">9.8</td></tr>
<tr class="u"><td>合计</td><td></td><td style="text-align:center">15</td><td style="text-align:right">22.3</td></tr></table>
<p class="r">山城县财政局</p><p class="r">2023年3月15日</p>"""
    run = _doc(browser, tmp_path, "unruled", body)
    assert run.returncode == 0, run.stdout + run.stderr
    fm, text = _only(tmp_path)
    assert ("| 序号 | 乡镇 | 人数 | 金额（万元） |\n|---|---|---|---|\n| 1 | 台城镇 | 6 | 12.5 |\n| 2 | 东冶镇 |  | 9.8 |\n"
            "| 合计 |  | 15 | 22.3 |") in text
    assert "::: 落款\n山城县财政局\n\n2023年3月15日\n:::" in text and "丢失字符数：0" in run.stdout


def test_diagonal_watermark_is_kept_out_of_the_lines_it_crosses_and_reported(browser, tmp_path: Path):
    mark = """<div style="position:fixed;top:40%;left:5%;font-size:40pt;color:#ddd;transform:rotate(-35deg)">山城市人民政府公报</div>"""
    body = mark + """<h1>山城县财政局关于做好2023年度部门决算编报工作的通知</h1><p class="c">山财发〔2023〕9号</p>
<p class="f">县直各预算单位：</p>
<p>为做好2023年度部门决算编报工作，现将有关事项通知如下：各单位要按照统一格式和口径编报决算，确保数据真实准确完整，按时报送县财政局。</p>
<p>各单位要严格执行有关财经法规，认真清理往来款项，全面核实资产负债，做到账实相符、账证相符、账账相符、账表相符。</p>
<p class="r">山城县财政局</p><p class="r">2023年12月1日</p>"""
    run = _doc(browser, tmp_path, "watermark", body)
    assert run.returncode == 0, run.stdout + run.stderr
    fm, text = _only(tmp_path)
    assert "倾斜排列的字" in run.stdout and "山城市人民政府公报" in run.stdout
    assert "公报" not in text and fm["title"] == "山城县财政局关于做好2023年度部门决算编报工作的通知"
    assert "\n为做好2023年度部门决算编报工作，现将有关事项通知如下：各单位要按照统一格式和口径编报决算，确保数据真实准确完整，按时报送县财政局。\n" in text


def test_numbered_paragraphs_printed_flush_left_after_a_full_line_start_anew(browser, tmp_path: Path):
    """Items printed without a first-line indent, each filling two whole lines (20 characters a line):
    the line before a new item runs to the margin and ends a sentence."""
    item = "各单位要按照统一格式和口径编报决算数据，确保数据真实准确并按时报送县财政局。"  # 38 characters
    assert len(item) == 38
    items = "".join(f'<p class="f">{n}．{item}</p>' for n in "１２３４")
    body = f"""<div style="width:20em"><h1>山城县财政局关于做好部门决算编报工作的通知</h1><p class="c">山财发〔2023〕9号</p>
<p class="f">县直各预算单位：</p><p>现将有关事项通知如下：</p>{items}
<p class="r">山城县财政局</p><p class="r">2023年12月1日</p></div>"""
    run = _doc(browser, tmp_path, "flush", body)
    assert run.returncode == 0, run.stdout + run.stderr
    _, text = _only(tmp_path)
    for n in "１２３４":
        assert f"\n{n}．{item}\n" in text, n


def test_people_list_set_in_columns_stays_a_list(browser, tmp_path: Path):
    rows = "".join(f'<p class="f"><span style="display:inline-block;width:10em">{a}</span>{b}</p>' for a, b in [
        ("组　长：王建国", "县委副书记、县长"), ("副组长：李　明", "副县长"), ("成　员：张　伟", "县财政局局长")])
    body = f"""<h1>山城县人民政府办公室关于成立防汛抗旱指挥部的通知</h1><p class="c">山政办发〔2023〕8号</p>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p><p>经县政府研究，决定成立山城县防汛抗旱指挥部，组成人员如下。</p>{rows}
<p class="r">山城县人民政府办公室</p><p class="r">2023年5月6日</p>"""
    run = _doc(browser, tmp_path, "people", body)
    assert run.returncode == 0, run.stdout + run.stderr
    _, text = _only(tmp_path)
    assert "|" not in text
    assert "\n组长：王建国 县委副书记、县长\n\n副组长：李 明 副县长\n\n成员：张 伟 县财政局局长\n" in text


def test_running_head_of_a_rule_over_several_pages_never_enters_the_title(browser, tmp_path: Path):
    articles = "".join(f"<p>第{n}条　本市各级人民政府应当加强对公共场所控制吸烟工作的领导，将其纳入本级国民经济和社会发展规划，"
                       "所需经费列入本级财政预算，并组织有关部门做好监督检查和宣传教育工作。</p>"
                       for n in "一二三四五六七八九十")
    body = f"""<h1>山城市公共场所控制吸烟管理办法</h1>
<p class="c">（2024年12月24日山城市人民政府第314号令发布　自2025年3月1日起施行）</p>{articles * 3}"""
    run = _doc(browser, tmp_path, "rule-head", body, head="山城市人民政府规章")
    assert run.returncode == 0, run.stdout + run.stderr
    fm, text = _only(tmp_path)
    assert (fm["title"], fm["issuer"], str(fm["date"])) == ("山城市公共场所控制吸烟管理办法", "山城市人民政府", "2024-12-24")
    assert "规章" not in text and "— 2 —" not in text and text.count("\n第十条 ") == 3


def test_table_without_rules_whose_cells_wrap_keeps_one_row_per_printed_row(browser, tmp_path: Path):
    body = """<h1>山城县应急管理局关于2024年第一季度安全生产检查情况的通报</h1><p class="c">山应急发〔2024〕3号</p>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p><p>现将第一季度安全生产检查情况通报如下。</p>
<table style="border:0;width:100%"><style>.w td{border:0;padding:6pt 8pt;font-size:12pt;vertical-align:top}</style>
<tr class="w"><td style="width:3em">序号</td><td style="width:8em">检查对象</td><td>发现的主要问题</td><td style="width:5em">整改期限</td></tr>
<tr class="w"><td>1</td><td>东城镇加油站</td><td>消防器材过期未更换，应急照明灯损坏，员工未按规定参加安全培训，安全台账记录不全</td><td>15日内</td></tr>
<tr class="w"><td>2</td><td>西川镇砖厂</td><td>粉尘防护措施不到位</td><td>30日内</td></tr></table>
<p>各单位要举一反三，认真整改，确保安全。</p>
<p class="r">山城县应急管理局</p><p class="r">2024年4月8日</p>"""
    run = _doc(browser, tmp_path, "wrapped", body)
    assert run.returncode == 0, run.stdout + run.stderr
    _, text = _only(tmp_path)
    assert ("| 序号 | 检查对象 | 发现的主要问题 | 整改期限 |\n|---|---|---|---|\n"
            "| 1 | 东城镇加油站 | 消防器材过期未更换，应急照明灯损坏，员工未按规定参加安全培训，安全台账记录不全 | 15日内 |\n"
            "| 2 | 西川镇砖厂 | 粉尘防护措施不到位 | 30日内 |\n") in text
    assert "\n各单位要举一反三，认真整改，确保安全。\n" in text and "丢失字符数：0" in run.stdout


def test_a_title_ends_where_the_print_changes_size(browser, tmp_path: Path):
    """A report reprinted without its 版头: a title with no kind word at its end (so text alone cannot tell),
    then its author centred in the body's size. Read from the PDF, the author is no part of the title."""
    body = """<h1>河东县国民经济和社会发展第十四个<br>五年规划纲要实施情况中期评估</h1>
<p class="c">河东县发展和改革局</p>
<p class="c">（2024年3月1日）</p>
<p>“十四五”规划纲要实施以来，全县上下认真贯彻落实县委、县政府决策部署，规划确定的主要目标任务总体进展顺利。</p>
<p>一、主要指标完成情况</p>
<p>规划纲要确定的25项主要指标中，18项达到或超过预期进度，5项基本符合预期，2项滞后于预期进度。</p>"""
    run = _doc(browser, tmp_path, "sizes", body)
    assert run.returncode == 0, run.stdout + run.stderr
    fm, text = _only(tmp_path)
    assert fm["title"] == "河东县国民经济和社会发展第十四个五年规划纲要实施情况中期评估"
    assert str(fm["date"]) == "2024-03-01"
    assert text.startswith("\n河东县发展和改革局\n\n（2024年3月1日）\n\n“十四五”规划纲要实施以来")
