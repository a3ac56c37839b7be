"""Red-header documents written by the team in the layouts governments print (GB/T 9704-2012 党政机关公文格式),
for the importer's header tests: typeset to PDF by Chromium, read back directly and through pdftotext.

Every document is invented (places, names and numbers); the layouts are the standard's: 版头 (XX文件, joint
issuers stacked or on one line, 信函格式 with the name alone, 政府令 with 第N号, 规章), 发文字号 centred or
left with 签发人 on the right, titles of one to three centred lines wrapped anywhere (after the issuer's name,
between 关于 and the subject, before 的通知), 主送 on one or several lines, 附件说明, 落款 with joint issuers,
成文日期, 版记 with 抄送 and 印发机关/印发日期; 通知 forwarding another document, 批复, 函, 会议纪要.
"""

from __future__ import annotations

from dataclasses import dataclass

# GB/T 9704: A4, 版心 156 mm × 225 mm (margins 37 / 28 / 26 mm), title 22 pt (二号), text 16 pt (三号),
# 22 lines of 28 characters; 版头 red and larger; 版记 between two rules at the foot.
CSS = """<style>
body { font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif; font-size: 16pt; line-height: 28.9pt; margin: 0; }
p { margin: 0; text-indent: 2em; text-align: justify; }
.red { color: #c00; text-align: center; text-indent: 0; font-size: 30pt; font-weight: bold; line-height: 1.3;
       letter-spacing: 0.05em; }
.red.small { font-size: 24pt; }
.rule { border-bottom: 2px solid #c00; margin: 6pt 0 28pt; }
.num { text-align: center; text-indent: 0; }
.numrow { display: flex; justify-content: space-between; text-indent: 0; padding: 0 1em; }
.numright { text-align: right; text-indent: 0; padding-right: 1em; }
h1 { font-size: 22pt; text-align: center; font-weight: bold; line-height: 1.45; margin: 20pt 0 28pt; }
.f { text-indent: 0; }
.att { text-indent: 0; padding-left: 2em; }
.att2 { text-indent: 0; padding-left: 5em; }
.sig { text-align: right; text-indent: 0; padding-right: 4em; }
.sig2 { display: flex; justify-content: space-around; text-indent: 0; }
.center { text-align: center; text-indent: 0; }
.rec { border-top: 1px solid #000; border-bottom: 1px solid #000; margin-top: 48pt; font-size: 14pt; }
.rec p { text-indent: 0; padding: 0 1em; }
.rec .row { display: flex; justify-content: space-between; }
.pb { break-before: page; }
</style>"""


def with_marks(page_html: str, name: str) -> str:
    """The page with a light diagonal watermark of the issuer's name on every page and a red seal (its name on
    the ring, a star in the middle) over the 落款, as electronic official documents carry them."""
    mark = ('<div style="position:fixed;top:35%;left:0;width:100%;text-align:center;font-size:44pt;color:#e8e8e8;'
            f'transform:rotate(-30deg);z-index:-1">{name}</div>')
    ring = "".join(f'<span style="position:absolute;left:50%;top:50%;transform:rotate({-70 + 140 * i / (len(name) - 1):.0f}deg) '
                   f'translate(0,-3.4em)">{ch}</span>' for i, ch in enumerate(name))
    seal = ('<div style="position:relative;height:0"><div style="position:absolute;right:3em;top:-5em;width:8em;height:8em;'
            f'border:3px solid #d00;border-radius:50%;color:#d00;font-size:12pt">{ring}'
            '<span style="position:absolute;left:42%;top:40%;font-size:20pt">★</span></div></div>')
    return mark + page_html.replace('<p class="sig"', seal + '<p class="sig"', 1)


@dataclass(frozen=True)
class Sample:
    """One printed document and what the importer must read from it."""

    name: str
    html: str
    title: str
    doc_number: str
    issuer: str
    date: str
    addressees: str | None


SAMPLES = [
    Sample("county_notice_wrapped_after_issuer", """
<p class="red">河东县人民政府文件</p><div class="rule"></div>
<p class="num">河政发〔2024〕6号</p>
<h1>河东县人民政府<br>关于印发河东县2024年重点民生实事项目的通知</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>经县人民政府第18次常务会议研究同意，现将《河东县2024年重点民生实事项目》印发给你们，请结合实际，认真组织实施。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府</p><p class="sig">2024年2月26日</p>
<p>（此件公开发布）</p>
<div class="rec"><p>抄送：县委各部门，县人大常委会办公室，县政协办公室，县法院，县检察院。</p>
<p class="row"><span>河东县人民政府办公室</span><span>2024年2月27日印发</span></p></div>""",
           "河东县人民政府关于印发河东县2024年重点民生实事项目的通知", "河政发〔2024〕6号", "河东县人民政府", "2024-02-26",
           "各乡（镇）人民政府，县直各有关单位"),
    Sample("office_notice_wrapped_after_guanyu", """
<p class="red">河东县人民政府办公室文件</p><div class="rule"></div>
<p class="num">河政办发〔2024〕11号</p>
<h1>河东县人民政府办公室关于<br>进一步做好农村集中供水工程运行管护<br>工作的通知</h1>
<p class="f">各乡（镇）人民政府，县水利局、县财政局、县卫生健康局、县生态环境分局，县直各有关单位：</p>
<p>为巩固拓展农村饮水安全成果，保障农村集中供水工程长效运行，经县人民政府同意，现就有关事项通知如下：</p>
<p>一、明确管护责任。各乡（镇）人民政府是本辖区农村供水工程运行管护的责任主体，要落实专人负责日常巡查。</p>
<p>二、加强水质检测。县卫生健康局要会同县水利局每季度开展一次水质抽检，检测结果及时向社会公布。</p>
<p>附件：1.河东县农村集中供水工程名录</p>
<p class="att2">2.河东县农村供水工程管护责任人名单</p>
<p class="sig" style="margin-top:40pt">河东县人民政府办公室</p><p class="sig">2024年4月9日</p>
<div class="rec"><p>抄送：县委办公室，县人大常委会办公室，县政协办公室。</p>
<p class="row"><span>河东县人民政府办公室</span><span>2024年4月10日印发</span></p></div>""",
           "河东县人民政府办公室关于进一步做好农村集中供水工程运行管护工作的通知", "河政办发〔2024〕11号",
           "河东县人民政府办公室", "2024-04-09",
           "各乡（镇）人民政府，县水利局、县财政局、县卫生健康局、县生态环境分局，县直各有关单位"),
    Sample("request_with_signer", """
<p class="red">河东县人民政府文件</p><div class="rule"></div>
<p class="numrow"><span>河政报〔2024〕3号</span><span>签发人：李向东</span></p>
<h1>河东县人民政府关于申请将河东县列入<br>省级全域旅游示范区创建单位的请示</h1>
<p class="f">云川市人民政府：</p>
<p>近年来，我县坚持以全域旅游理念统筹推进文化旅游融合发展，旅游接待人次和综合收入连续三年保持两位数增长。为进一步推动全县文化旅游高质量发展，特申请将我县列入省级全域旅游示范区创建单位。</p>
<p>妥否，请批示。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府</p><p class="sig">2024年3月18日</p>
<p>（联系人：王晓燕，联系电话：0351-6623015）</p>""",
           "河东县人民政府关于申请将河东县列入省级全域旅游示范区创建单位的请示", "河政报〔2024〕3号", "河东县人民政府",
           "2024-03-18", "云川市人民政府"),
    Sample("joint_stacked_masthead", """
<p class="red small">云川市财政局</p><p class="red small">云川市教育局</p>
<p class="red small" style="position:relative;top:-2.6em;left:6em;height:0">文件</p><div class="rule"></div>
<p class="num">云财教〔2023〕42号</p>
<h1>云川市财政局　云川市教育局<br>关于下达2023年学前教育发展<br>资金预算的通知</h1>
<p class="f">各县（市、区）财政局、教育局：</p>
<p>根据《云川市学前教育发展资金管理办法》，现将2023年学前教育发展资金预算下达给你们，请按规定及时拨付使用。</p>
<p>附件：2023年学前教育发展资金分配表</p>
<p class="sig2" style="margin-top:40pt"><span>云川市财政局</span><span>云川市教育局</span></p>
<p class="sig">2023年8月15日</p>""",
           "云川市财政局 云川市教育局关于下达2023年学前教育发展资金预算的通知", "云财教〔2023〕42号",
           "云川市财政局、云川市教育局", "2023-08-15", "各县（市、区）财政局、教育局"),
    Sample("decree_with_number_below", """
<p class="red">云川市人民政府令</p>
<p class="num">第27号</p><div class="rule"></div>
<p>《云川市城市绿化管理办法》已经2023年11月20日市人民政府第41次常务会议通过，现予公布，自2024年1月1日起施行。</p>
<p class="sig" style="margin-top:28pt">市长　赵国平</p><p class="sig">2023年11月28日</p>
<h1 class="pb">云川市城市绿化管理办法</h1>
<p class="center">第一章　总　　则</p>
<p>第一条　为了促进城市绿化事业的发展，改善生态环境，根据《城市绿化条例》等法律法规，结合本市实际，制定本办法。</p>
<p>第二条　本市城市规划区内城市绿化的规划、建设、保护和管理，适用本办法。</p>
<p class="center">第二章　附　　则</p>
<p>第三条　本办法自2024年1月1日起施行。</p>""",
           "云川市城市绿化管理办法", "云川市人民政府令第27号", "云川市人民政府", "2023-11-28", None),
    Sample("rule_with_promulgation_note", """
<p class="red">云川市人民政府规章</p><div class="rule"></div>
<h1>云川市餐厨垃圾管理办法</h1>
<p class="center">（2024年6月12日云川市人民政府第33号令公布　自2024年8月1日起施行）</p>
<p class="center">第一章　总　　则</p>
<p>第一条　为了加强餐厨垃圾管理，维护城市市容环境卫生，保障食品安全，根据有关法律、法规，结合本市实际，制定本办法。</p>
<p>第二条　本市行政区域内餐厨垃圾的收集、运输、处置及其监督管理活动，适用本办法。</p>""",
           "云川市餐厨垃圾管理办法", "云川市人民政府令第33号", "云川市人民政府", "2024-06-12", None),
    Sample("forwarding_notice", """
<p class="red">河东县人民政府办公室文件</p><div class="rule"></div>
<p class="num">河政办发〔2024〕19号</p>
<h1>河东县人民政府办公室<br>关于转发县应急管理局《河东县2024年度<br>防汛抗旱应急预案》的通知</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>县应急管理局制定的《河东县2024年度防汛抗旱应急预案》已经县人民政府同意，现转发给你们，请认真贯彻执行。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府办公室</p><p class="sig">2024年5月6日</p>
<p>（此件公开发布）</p>
<h1 class="pb">河东县2024年度防汛抗旱应急预案</h1>
<p class="center">县应急管理局</p>
<p>一、总则</p>
<p>（一）编制目的。做好水旱灾害突发事件防范与处置工作，最大程度减少人员伤亡和财产损失。</p>
<p>（二）适用范围。本预案适用于本县行政区域内水旱灾害的预防和应急处置。</p>""",
           "河东县人民政府办公室关于转发县应急管理局《河东县2024年度防汛抗旱应急预案》的通知", "河政办发〔2024〕19号",
           "河东县人民政府办公室", "2024-05-06", "各乡（镇）人民政府，县直各有关单位"),
    Sample("forwarding_with_inner_document", """
<p class="red">河东县人民政府办公室文件</p><div class="rule"></div>
<p class="num">河政办发〔2024〕23号</p>
<h1>河东县人民政府办公室关于转发云川市人民政府<br>办公室关于加强城镇燃气安全管理工作<br>的通知的通知</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>现将《云川市人民政府办公室关于加强城镇燃气安全管理工作的通知》（云政办发〔2024〕15号）转发给你们，请结合实际认真贯彻落实。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府办公室</p><p class="sig">2024年6月3日</p>
<p class="pb red">云川市人民政府办公室文件</p><div class="rule"></div>
<p class="num">云政办发〔2024〕15号</p>
<h1>云川市人民政府办公室<br>关于加强城镇燃气安全管理工作的通知</h1>
<p class="f">各县（市、区）人民政府，市直各有关单位：</p>
<p>为切实加强城镇燃气安全管理，有效防范燃气安全事故，经市人民政府同意，现就有关事项通知如下：</p>
<p>一、全面开展燃气安全隐患排查整治，确保不留死角。</p>
<p class="sig" style="margin-top:40pt">云川市人民政府办公室</p><p class="sig">2024年5月20日</p>""",
           "河东县人民政府办公室关于转发云川市人民政府办公室关于加强城镇燃气安全管理工作的通知的通知",
           "河政办发〔2024〕23号", "河东县人民政府办公室", "2024-06-03", "各乡（镇）人民政府，县直各有关单位"),
    Sample("reply", """
<p class="red">河东县人民政府文件</p><div class="rule"></div>
<p class="num">河政函〔2024〕28号</p>
<h1>河东县人民政府<br>关于同意设立河东县城南小学的批复</h1>
<p class="f">县教育科技局：</p>
<p>你局《关于设立河东县城南小学的请示》（河教科字〔2024〕9号）收悉。经研究，现批复如下：</p>
<p>一、同意设立河东县城南小学，学校性质为公办全日制小学，办学规模为36个教学班。</p>
<p>二、学校建设所需资金由县财政统筹安排。请你局按照有关规定抓紧做好筹建工作。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府</p><p class="sig">2024年7月2日</p>""",
           "河东县人民政府关于同意设立河东县城南小学的批复", "河政函〔2024〕28号", "河东县人民政府", "2024-07-02",
           "县教育科技局"),
    Sample("letter_format", """
<p class="red small">河东县人民政府办公室</p><div class="rule"></div>
<p class="numright">河政办函〔2024〕37号</p>
<h1>河东县人民政府办公室关于商请协助开展<br>2024年度地方志资料征集工作的函</h1>
<p class="f">县人武部，县法院，县检察院，中国人民银行河东县支行，国网河东县供电公司：</p>
<p>为做好《河东县志（2011—2024）》编纂工作，全面、系统、准确地记述全县经济社会发展情况，现商请贵单位协助提供本单位2011年至2024年的有关资料。</p>
<p>请于2024年9月30日前将资料报送县地方志研究室。</p>
<p>特此函告。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府办公室</p><p class="sig">2024年8月12日</p>""",
           "河东县人民政府办公室关于商请协助开展2024年度地方志资料征集工作的函", "河政办函〔2024〕37号",
           "河东县人民政府办公室", "2024-08-12", "县人武部，县法院，县检察院，中国人民银行河东县支行，国网河东县供电公司"),
    Sample("opinion_three_lines_trial", """
<p class="red">云川市人民政府文件</p><div class="rule"></div>
<p class="num">云政发〔2023〕17号</p>
<h1>云川市人民政府<br>关于加快推进城市更新行动的实施意见<br>（试行）</h1>
<p class="f">各县（市、区）人民政府，市人民政府各委、办、局，各开发区管委会，市直各有关单位：</p>
<p>为深入实施城市更新行动，推动城市高质量发展，结合我市实际，提出如下实施意见。</p>
<p>一、总体要求</p>
<p>（一）基本原则。坚持规划引领、统筹推进，坚持政府引导、市场运作，坚持以人为本、民生优先。</p>
<p class="sig" style="margin-top:40pt">云川市人民政府</p><p class="sig">2023年10月8日</p>
<p>（此件公开发布）</p>""",
           "云川市人民政府关于加快推进城市更新行动的实施意见（试行）", "云政发〔2023〕17号", "云川市人民政府", "2023-10-08",
           "各县（市、区）人民政府，市人民政府各委、办、局，各开发区管委会，市直各有关单位"),
    Sample("announcement_no_addressee", """
<p class="red">河东县人民政府</p><div class="rule"></div>
<p class="center" style="font-size:22pt;font-weight:bold;line-height:1.45">河东县人民政府<br>关于禁止在城区燃放烟花爆竹的通告</p>
<p class="num">河政告〔2024〕1号</p>
<p>为保护大气环境，保障公共安全和人身财产安全，根据《烟花爆竹安全管理条例》等有关规定，现就禁止在城区燃放烟花爆竹有关事项通告如下：</p>
<p>一、本县城区范围内全年禁止燃放烟花爆竹。</p>
<p>二、本通告自发布之日起施行。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府</p><p class="sig">2024年1月10日</p>""",
           "河东县人民政府关于禁止在城区燃放烟花爆竹的通告", "河政告〔2024〕1号", "河东县人民政府", "2024-01-10", None),
    Sample("gazette_reprint_title_first_two_line_addressee", """
<h1>河东县人民政府办公室关于印发河东县城乡居民<br>基本医疗保险实施细则（2024年修订）的通知</h1>
<p class="num">河政办发〔2024〕8号</p>
<p class="f">各乡（镇）人民政府，县医疗保障局、县财政局、县人力资源和社会保障局、县卫生健康局、县税务局，县直各有关单位：</p>
<p>《河东县城乡居民基本医疗保险实施细则（2024年修订）》已经县人民政府同意，现印发给你们，请认真贯彻执行。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府办公室</p><p class="sig">2024年3月1日</p>""",
           "河东县人民政府办公室关于印发河东县城乡居民基本医疗保险实施细则（2024年修订）的通知", "河政办发〔2024〕8号",
           "河东县人民政府办公室", "2024-03-01",
           "各乡（镇）人民政府，县医疗保障局、县财政局、县人力资源和社会保障局、县卫生健康局、县税务局，县直各有关单位"),
    Sample("meeting_minutes", """
<p class="red">河东县人民政府常务会议纪要</p><div class="rule"></div>
<p class="num">〔2024〕5号</p>
<p class="numrow"><span>河东县人民政府办公室</span><span>2024年4月22日</span></p>
<h1>县人民政府第21次常务会议纪要</h1>
<p>2024年4月19日，县长刘建华主持召开县人民政府第21次常务会议，研究了以下事项。纪要如下：</p>
<p>一、会议听取了县发展和改革局关于一季度经济运行情况的汇报。会议要求，各有关单位要紧盯全年目标任务，确保二季度实现时间过半、任务过半。</p>
<p>二、会议研究了《河东县城区停车场建设管理办法（草案）》。会议原则同意该办法，由县司法局按程序印发实施。</p>
<p>出席：刘建华、张立新、陈海波、周文静</p>""",
           "县人民政府第21次常务会议纪要", "", "河东县人民政府办公室", "2024-04-22", None),
    Sample("joint_three_issuers_stacked", """
<p class="red small">云川市发展和改革委员会</p><p class="red small">云川市工业和信息化局</p>
<p class="red small">云川市商务局</p><p class="red small">文件</p><div class="rule"></div>
<p class="num">云发改工业〔2024〕52号</p>
<h1>云川市发展和改革委员会<br>云川市工业和信息化局　云川市商务局<br>关于印发云川市促进民营经济高质量<br>发展若干措施的通知</h1>
<p class="f">各县（市、区）发展改革局、工信局、商务局：</p>
<p>现将《云川市促进民营经济高质量发展若干措施》印发给你们，请结合实际抓好落实。</p>
<p class="sig2" style="margin-top:40pt"><span>云川市发展和改革委员会</span><span>云川市工业和信息化局</span></p>
<p class="sig2"><span>云川市商务局</span></p>
<p class="sig">2024年5月30日</p>""",
           "云川市发展和改革委员会 云川市工业和信息化局 云川市商务局关于印发云川市促进民营经济高质量发展若干措施的通知",
           "云发改工业〔2024〕52号", "云川市发展和改革委员会、云川市工业和信息化局、云川市商务局", "2024-05-30",
           "各县（市、区）发展改革局、工信局、商务局"),
    Sample("decision_with_quoted_title", """
<p class="red">云川市人民政府文件</p><div class="rule"></div>
<p class="num">云政发〔2024〕9号</p>
<h1>云川市人民政府关于废止《云川市城市<br>道路挖掘管理办法》等5件市政府规范性<br>文件的决定</h1>
<p class="f">各县（市、区）人民政府，市人民政府各委、办、局：</p>
<p>为维护法制统一，根据规范性文件清理工作安排，市人民政府决定废止《云川市城市道路挖掘管理办法》等5件市政府规范性文件。</p>
<p>附件：决定废止的市政府规范性文件目录</p>
<p class="sig" style="margin-top:40pt">云川市人民政府</p><p class="sig">2024年4月1日</p>""",
           "云川市人民政府关于废止《云川市城市道路挖掘管理办法》等5件市政府规范性文件的决定", "云政发〔2024〕9号",
           "云川市人民政府", "2024-04-01", "各县（市、区）人民政府，市人民政府各委、办、局"),
    Sample("title_break_after_a_kind_word", """
<p class="red">河东县人民政府办公室文件</p><div class="rule"></div>
<p class="num">河政办发〔2024〕31号</p>
<h1>河东县人民政府办公室关于印发河东县<br>农村人居环境整治提升五年行动方案<br>任务分工的通知</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>现将《河东县农村人居环境整治提升五年行动方案任务分工》印发给你们，请各牵头单位会同配合单位认真抓好落实。</p>
<p>一、各牵头单位要制定具体工作措施，明确时间节点，于每季度末向县农业农村局报送工作进展情况。</p>
<p>二、县人民政府督查室要将任务落实情况纳入年度督查重点，对工作不力的单位进行通报。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府办公室</p><p class="sig">2024年9月3日</p>""",
           "河东县人民政府办公室关于印发河东县农村人居环境整治提升五年行动方案任务分工的通知", "河政办发〔2024〕31号",
           "河东县人民政府办公室", "2024-09-03", "各乡（镇）人民政府，县直各有关单位"),
    Sample("quoted_campaign_title_two_signers", """
<p class="red">河东县市场监督管理局</p><p class="red">河东县商务局</p><p class="red">文件</p><div class="rule"></div>
<p class="numrow"><span>河市监发〔2024〕14号</span><span>签发人：孙立华　周建军</span></p>
<h1>河东县市场监督管理局　河东县商务局<br>关于开展“诚信经营、放心消费”<br>创建活动的通知</h1>
<p class="f">各市场监督管理所，各乡（镇）商贸服务中心，各有关企业：</p>
<p>为营造安全放心的消费环境，县市场监督管理局、县商务局决定在全县开展“诚信经营、放心消费”创建活动。现将有关事项通知如下：</p>
<p>（一）创建对象。全县各类商场、超市、农贸市场、餐饮服务单位和电子商务经营者。</p>
<p>（二）创建内容。经营者公开作出诚信经营承诺，落实商品质量和售后服务责任，建立消费纠纷快速处理机制，主动接受社会监督。</p>
<p class="sig2" style="margin-top:40pt"><span>河东县市场监督管理局</span><span>河东县商务局</span></p>
<p class="sig">2024年3月12日</p>
<div class="rec"><p>抄送：云川市市场监督管理局，云川市商务局，县人民政府办公室。</p>
<p class="row"><span>河东县市场监督管理局办公室</span><span>2024年3月13日印发</span></p></div>""",
           "河东县市场监督管理局 河东县商务局关于开展“诚信经营、放心消费”创建活动的通知", "河市监发〔2024〕14号",
           "河东县市场监督管理局、河东县商务局", "2024-03-12", "各市场监督管理所，各乡（镇）商贸服务中心，各有关企业"),
    Sample("minutes_with_addressees_in_record", """
<p class="red">河东县人民政府专题会议纪要</p><div class="rule"></div>
<p class="num">第12期</p>
<p class="numrow"><span>河东县人民政府办公室</span><span>2024年10月15日</span></p>
<h1>关于推进县城污水管网改造工程的<br>专题会议纪要</h1>
<p>2024年10月11日，副县长张立新主持召开专题会议，研究推进县城污水管网改造工程有关事项。现纪要如下：</p>
<p>一、会议要求，县住房和城乡建设局要倒排工期，确保2024年12月底前完成主干管网改造。</p>
<p>二、会议同意，工程所需配套资金由县财政局按程序拨付。</p>
<div class="rec"><p>主送：县住房和城乡建设局，县财政局，县自然资源局，县生态环境分局，城关镇人民政府。</p>
<p>抄送：县委办公室，县人大常委会办公室，县政协办公室。</p>
<p class="row"><span>河东县人民政府办公室</span><span>2024年10月15日印发</span></p></div>""",
           "关于推进县城污水管网改造工程的专题会议纪要", "", "河东县人民政府办公室", "2024-10-15",
           "县住房和城乡建设局，县财政局，县自然资源局，县生态环境分局，城关镇人民政府"),
    Sample("party_and_government_joint_opinion_chinese_date", """
<p class="red small">中共河东县委</p><p class="red small">河东县人民政府</p><p class="red small">文件</p><div class="rule"></div>
<p class="num">河发〔2024〕2号</p>
<h1>中共河东县委　河东县人民政府<br>关于全面推进乡村振兴加快建设<br>农业强县的实施意见</h1>
<p class="f">各乡（镇）党委、人民政府，县委各部委，县直各单位：</p>
<p>为深入贯彻落实中央和省、市关于全面推进乡村振兴的决策部署，加快建设农业强县，结合我县实际，提出如下实施意见。</p>
<p>一、确保粮食安全。全面落实粮食安全党政同责，稳定粮食播种面积，全年粮食产量稳定在20万吨以上。</p>
<p>二、巩固拓展脱贫攻坚成果。健全防止返贫动态监测和帮扶机制，坚决守住不发生规模性返贫的底线。</p>
<p class="sig2" style="margin-top:40pt"><span>中共河东县委</span><span>河东县人民政府</span></p>
<p class="sig">二〇二四年三月五日</p>""",
           "中共河东县委 河东县人民政府关于全面推进乡村振兴加快建设农业强县的实施意见", "河发〔2024〕2号",
           "中共河东县委、河东县人民政府", "2024-03-05", "各乡（镇）党委、人民政府，县委各部委，县直各单位"),
    Sample("quoted_rule_name_wrapped_inside_the_quotes", """
<p class="red">河东县人民政府办公室文件</p><div class="rule"></div>
<p class="num">河政办发〔2024〕40号</p>
<h1>河东县人民政府办公室关于印发《河东县<br>政府投资项目管理办法》的通知</h1>
<p class="f">各乡（镇）人民政府，县直各有关单位：</p>
<p>《河东县政府投资项目管理办法》已经县人民政府第32次常务会议研究通过，现印发给你们，请认真遵照执行。</p>
<p class="sig" style="margin-top:40pt">河东县人民政府办公室</p><p class="sig">2024年10月28日</p>
<p>（此件公开发布）</p>
<h1 class="pb">河东县政府投资项目管理办法</h1>
<p class="center">第一章　总　　则</p>
<p>第一条　为了规范政府投资行为，提高政府投资效益，根据《政府投资条例》等有关规定，结合本县实际，制定本办法。</p>
<p>第二条　本办法所称政府投资，是指在本县行政区域内使用预算安排的资金进行的固定资产投资建设活动。</p>""",
           "河东县人民政府办公室关于印发《河东县政府投资项目管理办法》的通知", "河政办发〔2024〕40号",
           "河东县人民政府办公室", "2024-10-28", "各乡（镇）人民政府，县直各有关单位"),
    Sample("report_to_the_county_government", """
<p class="red">河东县财政局文件</p><div class="rule"></div>
<p class="numrow"><span>河财报〔2024〕6号</span><span>签发人：马建国</span></p>
<h1>河东县财政局关于2024年上半年<br>预算执行情况的报告</h1>
<p class="f">县人民政府：</p>
<p>今年以来，在县委、县政府的坚强领导下，全县财政收入保持平稳增长。现将2024年上半年预算执行情况报告如下：</p>
<p>一、一般公共预算收入完成情况。上半年全县一般公共预算收入完成3.52亿元，同比增长6.8%。</p>
<p>二、一般公共预算支出完成情况。上半年全县一般公共预算支出完成9.87亿元，同比增长4.1%。</p>
<p>特此报告。</p>
<p class="sig" style="margin-top:40pt">河东县财政局</p><p class="sig">2024年7月15日</p>
<p>（联系人：刘红梅　联系电话：6623388）</p>""",
           "河东县财政局关于2024年上半年预算执行情况的报告", "河财报〔2024〕6号", "河东县财政局", "2024-07-15",
           "县人民政府"),
]
